using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The followers a poll is for, from the members table (a scan: only in the timer, never on a reply path).
/// Members the app has never seen (followed before it was deployed and never wrote) are not in the table.
/// </summary>
public sealed class AudienceResolver(MemberStore members)
{
    /// <summary>Their openids in ordinal order, so batches come out the same on every run.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(PollAudience audience, CancellationToken ct)
    {
        var list = new List<string>();
        await foreach (var member in members.ListFollowingAsync(ct))
        {
            if (audience.Includes(member))
            {
                list.Add(member.OpenId);
            }
        }
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
