using System.Text.RegularExpressions;
using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Turns a notice's audience into openids, deciding for each whether it is sent: 退订 members are skipped unless
/// the notice is essential; custom messages only reach members inside their service window; mass messages skip
/// members who already had their monthly allowance. Background work only: all scans the members table, and a tag
/// audience is read from WeChat (user/tag/get), which holds the tags, at the time it is resolved.
/// </summary>
public sealed partial class AudienceResolver(
    MemberStore members,
    FollowerTags tags,
    MassBudget budget,
    ServiceWindow window,
    IEnumerable<IPollAudience> polls,
    NoticeOptions options,
    TimeProvider time)
{
    public const string OptedOut = "opted-out";
    public const string OutsideWindow = "outside-service-window";
    public const string OverMassBudget = "monthly-mass-limit";

    /// <summary>The poll hook; the last one registered wins, as with any service (tests put a double over Polls' own).</summary>
    public IPollAudience? Polls => polls.LastOrDefault();

    public bool PollsAvailable => Polls is not null;

    public async Task<ResolvedAudience> ResolveAsync(Notice notice, CancellationToken ct)
    {
        var audience = await MembersOfAsync(notice, ct);
        var budgets = notice.Channel == NoticeChannel.Mass ? await budget.CountsAsync(NoticeKeys.Month(time.GetUtcNow()), ct) : null;
        var recipients = new List<Recipient>(audience.Count);
        int optedOut = 0, overBudget = 0, outside = 0;
        foreach (var (openId, member) in audience)
        {
            string? skip = null;
            if (member?.OptedOut == true)
            {
                optedOut++;
                skip = notice.Essential ? null : OptedOut;
            }
            if (skip is null && notice.Channel == NoticeChannel.Custom && !InsideWindow(member))
            {
                outside++;
                skip = OutsideWindow;
            }
            if (skip is null && budgets is not null && budgets.GetValueOrDefault(openId) >= options.MassMonthlyPerMember)
            {
                overBudget++;
                skip = OverMassBudget;
            }
            recipients.Add(new Recipient(openId, skip));
        }
        return new ResolvedAudience(recipients, new NoticePreflight(recipients.Count, optedOut, overBudget, outside, time.GetUtcNow()));
    }

    private bool InsideWindow(Member? member) =>
        member is { LastInteractionAt: { } at, LastInteractionKind: { } kind }
        && window.Evaluate(at, kind, member.CustomSentSinceInteraction).IsAllowed;

    private async Task<Dictionary<string, Member?>> MembersOfAsync(Notice notice, CancellationToken ct)
    {
        var found = new Dictionary<string, Member?>(StringComparer.Ordinal);
        switch (notice.Audience.Kind)
        {
            case AudienceKind.All:
            case AudienceKind.Registered:
                await foreach (var member in members.ListFollowingAsync(ct))
                {
                    if (Member.IsOpenId(member.OpenId) && (notice.Audience.Kind == AudienceKind.All || member.Registered))
                    {
                        found[member.OpenId] = member;
                    }
                }
                break;
            case AudienceKind.Tags:
                // A tag deleted since the notice was created reaches nobody; the rest still count.
                var (named, _) = await tags.FindAsync(notice.Audience.Tags, ct);
                await LookUpAsync(found, FollowersOfAsync(named.Select(t => t.Id), ct), ct);
                break;
            case AudienceKind.OpenIds:
                await LookUpAsync(found, notice.Audience.OpenIds.ToAsyncEnumerable(), ct);
                break;
            case AudienceKind.Poll:
                var poll = Polls ?? throw new InvalidOperationException("No poll audience is registered.");
                await LookUpAsync(found, poll.OpenIdsAsync(notice.Audience.PollId!, ct), ct);
                break;
        }
        return found;
    }

    private async IAsyncEnumerable<string> FollowersOfAsync(IEnumerable<int> tagIds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var tagId in tagIds)
        {
            await foreach (var openId in tags.FollowersOfAsync(tagId, ct))
            {
                yield return openId;
            }
        }
    }

    // Explicit lists and polls name openids; their member records (opt-out, window) are point reads.
    private async Task LookUpAsync(Dictionary<string, Member?> found, IAsyncEnumerable<string> openIds, CancellationToken ct)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var openId in openIds.WithCancellation(ct))
        {
            if (Member.IsOpenId(openId))
            {
                distinct.Add(openId);
            }
        }
        var looked = new System.Collections.Concurrent.ConcurrentDictionary<string, Member?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (openId, token) => looked[openId] = await members.GetAsync(openId, token));
        foreach (var (openId, member) in looked)
        {
            found[openId] = member;
        }
    }
}
