using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The members a poll is for, in the Notices audience model (all, tags or registered members; never an openid list
/// or another poll). Only followers can vote, whatever the kind.
/// </summary>
public sealed record PollAudience(AudienceKind Kind, IReadOnlyList<string> Tags)
{
    public static PollAudience Everyone { get; } = new(AudienceKind.All, []);

    public bool Includes(Member? member) => member is { Following: true } && Kind switch
    {
        AudienceKind.All => true,
        AudienceKind.Registered => member.Registered,
        AudienceKind.Tags => member.Tags.Any(t => Tags.Contains(t, StringComparer.Ordinal)),
        _ => false,
    };

    /// <summary>Audience everyone: opening, closing and announcing it need a second admin's approval.</summary>
    public bool NeedsApproval => Kind == AudienceKind.All;
}
