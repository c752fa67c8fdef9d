namespace UnionWeChat.Functions.Notices;

/// <summary>A notice's audience; which of the lists applies depends on <see cref="Kind"/>.</summary>
public sealed record NoticeAudience(AudienceKind Kind, IReadOnlyList<string> Tags, IReadOnlyList<string> OpenIds, string? PollId)
{
    public static NoticeAudience Everyone { get; } = new(AudienceKind.All, [], [], null);

    public static NoticeAudience WithTags(params string[] tags) => new(AudienceKind.Tags, tags, [], null);

    public static NoticeAudience Members(params string[] openIds) => new(AudienceKind.OpenIds, [], openIds, null);

    public static NoticeAudience OfPoll(string pollId) => new(AudienceKind.Poll, [], [], pollId);
}
