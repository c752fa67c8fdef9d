using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Members;

/// <summary>
/// A follower of the account. Profile fields (nickname, tags, registration, opt-out) are deleted when they unfollow,
/// as WeChat's rules require; what remains is the openid and when they left.
/// </summary>
public sealed partial record Member
{
    /// <summary>What an openid looks like (<see cref="Platform.Web.OpenIds"/>).</summary>
    public static bool IsOpenId(string? value) => Platform.Web.OpenIds.IsValid(value);

    public required string OpenId { get; init; }
    public bool Following { get; init; }
    public DateTimeOffset? FollowedAt { get; init; }
    public DateTimeOffset? UnfollowedAt { get; init; }
    /// <summary>The QR scene they followed through (qrscene_ key without the prefix), if any.</summary>
    public string? Scene { get; init; }
    public string? Nickname { get; init; }
    /// <summary>A registered union member (入会), not only a follower: what "registered members only" audiences use.</summary>
    public bool Registered { get; init; }
    /// <summary>The registration behind <see cref="Registered"/> (member number, union, since); kept by Membership's registry.</summary>
    public MemberRegistration? Registration { get; init; }
    /// <summary>The worker's latest membership application (its id), so 入会 finds it with one point read.</summary>
    public string? JoinApplication { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>
    /// Polls this member voted in through the chat, newest last: lets 投票 say 您已投过票 without reading the ballot
    /// box. A hint, not the record (the ballot box is; a vote on the page is not listed here).
    /// </summary>
    public IReadOnlyList<string> VotedPolls { get; init; } = [];
    /// <summary>退订: no non-essential notices.</summary>
    public bool OptedOut { get; init; }
    /// <summary>Last time the member wrote to us or tapped the menu: opens WeChat's customer-service window.</summary>
    public DateTimeOffset? LastInteractionAt { get; init; }
    public InteractionKind? LastInteractionKind { get; init; }
    /// <summary>Custom messages sent since <see cref="LastInteractionAt"/>.</summary>
    public int CustomSentSinceInteraction { get; init; }
    public string? ETag { get; init; }
}


/// <summary>A registered union member's number, the union they belong to, and since when.</summary>
public sealed record MemberRegistration(string Number, string Union, DateTimeOffset Since);

/// <summary>What the union keeps of a worker apart from the WeChat profile: their registration, and their latest application to join.</summary>
public sealed record RegistryRecord(MemberRegistration? Registration, string? JoinApplication)
{
    public static RegistryRecord None { get; } = new(null, null);
}

/// <summary>
/// The union's record of who is registered and who applied, kept apart from the WeChat profile (which an unfollow
/// deletes): a member who follows again gets their registration back from it, and a worker whose application is
/// still being reviewed is told so instead of starting another. Implemented by Membership.
/// </summary>
public interface IMemberRegistry
{
    Task<RegistryRecord> FindAsync(string openId, CancellationToken ct);
}
