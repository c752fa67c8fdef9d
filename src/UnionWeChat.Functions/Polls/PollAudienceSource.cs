using System.Runtime.CompilerServices;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Who a poll is for, for Notices (a notice to a poll's audience, and the poll's own announcements) and for the
/// turnout count at opening: the followers its <see cref="PollAudience"/> includes, the same rule that decides who
/// may vote. A scan of the members table: background work only, never on a reply path.
/// </summary>
public sealed class PollAudienceSource(PollStore polls, MemberStore members) : IPollAudience
{
    public async Task<bool> ExistsAsync(string pollId, CancellationToken ct) => await polls.GetAsync(pollId, ct) is not null;

    /// <summary>The poll's audience; nobody for a poll that does not exist (Notices then refuses the empty audience).</summary>
    public async IAsyncEnumerable<string> OpenIdsAsync(string pollId, [EnumeratorCancellation] CancellationToken ct)
    {
        if (await polls.GetAsync(pollId, ct) is not { } poll)
        {
            yield break;
        }
        await foreach (var openId in OpenIdsAsync(poll.Audience, ct))
        {
            yield return openId;
        }
    }

    public async Task<int> CountAsync(PollAudience audience, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in OpenIdsAsync(audience, ct))
        {
            count++;
        }
        return count;
    }

    private async IAsyncEnumerable<string> OpenIdsAsync(PollAudience audience, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var member in members.ListFollowingAsync(ct))
        {
            if (audience.Includes(member))
            {
                yield return member.OpenId;
            }
        }
    }
}
