using System.Runtime.CompilerServices;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Who a poll is for, for Notices (a notice to a poll's audience, and the poll's own announcements) and for the
/// turnout count at opening: the followers its <see cref="PollAudience"/> includes, the same rule that decides who
/// may vote. A scan of the members table: background work only, never on a reply path. Tags are WeChat's: a tag
/// audience is read from WeChat (user/tag/get) and the tags are copied onto the members' profiles, so the vote
/// check on the reply path sees them without calling WeChat.
/// </summary>
public sealed class PollAudienceSource(PollStore polls, MemberStore members, FollowerTags tags) : IPollAudience
{
    public async Task<bool> ExistsAsync(string pollId, CancellationToken ct) => await polls.GetAsync(pollId, ct) is not null;

    /// <summary>Every poll but a withdrawn one: a notice may also follow up a closed poll's voters.</summary>
    public async Task<IReadOnlyList<PollChoice>> ChoicesAsync(CancellationToken ct) =>
        [.. (await polls.ListAsync(ct)).Where(p => p.Status != PollStatus.Cancelled).Select(p => new PollChoice(p.Id, p.Title))];

    /// <summary>The poll's audience; nobody for a poll that does not exist (Notices then refuses the empty audience).</summary>
    public async IAsyncEnumerable<string> OpenIdsAsync(string pollId, [EnumeratorCancellation] CancellationToken ct)
    {
        if (await polls.GetAsync(pollId, ct) is not { } poll)
        {
            yield break;
        }
        await foreach (var openId in OpenIdsAsync(poll.Audience, recordTags: true, ct))
        {
            yield return openId;
        }
    }

    /// <summary>How many the poll is for, reading only: what an approval on a staff request may afford.</summary>
    public Task<int> CountAsync(PollAudience audience, CancellationToken ct) => CountAsync(audience, recordTags: false, ct);

    /// <summary>
    /// How many the poll is for as it opens (turnout), copying the members' tags from WeChat so the vote check finds
    /// them whether or not an announcement goes out. Background work: the polls timer.
    /// </summary>
    public Task<int> CountAtOpeningAsync(PollAudience audience, CancellationToken ct) => CountAsync(audience, recordTags: true, ct);

    private async Task<int> CountAsync(PollAudience audience, bool recordTags, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in OpenIdsAsync(audience, recordTags, ct))
        {
            count++;
        }
        return count;
    }

    private async IAsyncEnumerable<string> OpenIdsAsync(PollAudience audience, bool recordTags, [EnumeratorCancellation] CancellationToken ct)
    {
        var tagged = audience.Kind == AudienceKind.Tags ? await TaggedAsync(audience.Tags, ct) : null;
        await foreach (var stored in members.ListFollowingAsync(ct))
        {
            var member = stored;
            if (tagged is not null)
            {
                var held = tagged.GetValueOrDefault(member.OpenId) ?? [];
                var known = member.Tags.Where(t => !audience.Tags.Contains(t, StringComparer.Ordinal)).Concat(held).Distinct(StringComparer.Ordinal).ToList();
                if (!known.Order(StringComparer.Ordinal).SequenceEqual(member.Tags.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                {
                    if (recordTags)
                    {
                        await members.SetTagsAsync(member.OpenId, known, ct);
                    }
                    member = member with { Tags = known };
                }
            }
            if (audience.Includes(member))
            {
                yield return member.OpenId;
            }
        }
    }

    // openid → the audience's tags WeChat has on that follower now.
    private async Task<Dictionary<string, List<string>>> TaggedAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var byOpenId = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var (found, _) = await tags.FindAsync(names, ct);
        foreach (var tag in found)
        {
            await foreach (var openId in tags.FollowersOfAsync(tag.Id, ct))
            {
                (byOpenId.TryGetValue(openId, out var list) ? list : byOpenId[openId] = []).Add(tag.Name);
            }
        }
        return byOpenId;
    }
}
