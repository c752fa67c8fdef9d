namespace UnionWeChat.Functions.Notices;

/// <summary>A notice's recipients, each with the reason it is skipped (null: it is sent), and the counts staff see.</summary>
public sealed record ResolvedAudience(IReadOnlyList<Recipient> Recipients, NoticePreflight Preflight);

/// <summary>One recipient; <see cref="SkipReason"/> is a word like <c>opted-out</c>, or null.</summary>
public sealed record Recipient(string OpenId, string? SkipReason);
