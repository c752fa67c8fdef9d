using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The rules of a poll's life: change, approve, cancel, close early (and its approval), open and close on time.
/// A poll for everyone needs a second admin, never the one who created, changed or asked for it; a poll can be
/// changed or cancelled only before it opens, and closed early only while it takes ballots. The endpoints and the
/// timer only translate: they read the poll, ask here, and save the answer with its ETag.
/// </summary>
public static class PollLifecycle
{
    /// <summary>A new poll waits for a second admin when its audience is everyone, else it is scheduled at once.</summary>
    public static Poll Created(Poll poll) => poll with { Status = StatusAfterEdit(poll) };

    public static Decision<Poll> Change(Poll current, Poll edited, string who, DateTimeOffset now) =>
        NotYetOpen(current, now)
            // Any change needs a fresh approval, and the one who changed it cannot give it.
            ? Decision.To(edited with { Status = StatusAfterEdit(edited), ChangedBy = who, ApprovedBy = null, ApprovedAt = null })
            : Decision.No<Poll>("投票已经开始或已结束，不能再修改。");

    public static Decision<Poll> Approve(Poll poll, string approver, DateTimeOffset now) => poll switch
    {
        { Status: not PollStatus.AwaitingApproval } => Decision.No<Poll>("这项投票不在待批准状态。"),
        _ when poll.CreatedBy == approver || poll.ChangedBy == approver =>
            Decision.NotYou<Poll>("创建或修改投票的人不能批准它，须由另一位管理员批准。"),
        _ when now >= poll.ClosesAt => Decision.No<Poll>("投票截止时间已过，请先修改时间。"),
        _ => Decision.To(poll with { Status = PollStatus.Scheduled, ApprovedBy = approver, ApprovedAt = now }),
    };

    public static Decision<Poll> Cancel(Poll poll, string who, DateTimeOffset now) =>
        NotYetOpen(poll, now)
            ? Decision.To(poll with { Status = PollStatus.Cancelled, ChangedBy = who })
            : Decision.No<Poll>("投票已经开始或已结束，不能撤销；可以提前结束。");

    /// <summary>
    /// Closes an open poll now; for a poll for everyone this only records the request (a second admin approves with
    /// <see cref="ApproveClose"/>), and asking again changes nothing.
    /// </summary>
    public static Decision<Poll> RequestClose(Poll poll, string who, DateTimeOffset now)
    {
        if (!poll.AcceptsBallotsAt(now))
        {
            return Decision.No<Poll>("只能提前结束正在进行的投票（未开始的可以撤销）。");
        }
        if (!poll.Audience.NeedsApproval)
        {
            return Decision.To(poll with { ClosesAt = now, ClosedEarlyBy = who });
        }
        return poll.CloseRequestedBy is null
            ? Decision.To(poll with { CloseRequestedBy = who, CloseRequestedAt = now })
            : Decision.Unchanged<Poll>();
    }

    public static Decision<Poll> ApproveClose(Poll poll, string approver, DateTimeOffset now) => poll switch
    {
        { CloseRequestedBy: null } => Decision.No<Poll>("没有待批准的提前结束请求。"),
        _ when !poll.AcceptsBallotsAt(now) => Decision.No<Poll>("投票已不在进行中。"),
        _ when poll.CloseRequestedBy == approver => Decision.NotYou<Poll>("提出提前结束的人不能批准它，须由另一位管理员批准。"),
        _ => Decision.To(poll with { ClosesAt = now, ClosedEarlyBy = $"{poll.CloseRequestedBy}, {approver}" }),
    };

    /// <summary>The timer opens a scheduled poll once its time has come, noting how many it is for (turnout).</summary>
    public static Decision<Poll> Open(Poll poll, int audienceSize, DateTimeOffset now) =>
        poll.Status == PollStatus.Scheduled && now >= poll.OpensAt && now < poll.ClosesAt
            ? Decision.To(poll with { Status = PollStatus.Open, OpenedAt = now, AudienceSize = audienceSize })
            : Decision.Unchanged<Poll>();

    /// <summary>
    /// The timer (or an approved early close) ends a poll. One that never opened — approved too late, or closed
    /// before its time — was never announced, so it gets no results announcement either.
    /// </summary>
    public static Decision<Poll> Close(Poll poll, DateTimeOffset now) =>
        poll.Status is PollStatus.Scheduled or PollStatus.Open
            ? Decision.To(poll with
            {
                Status = PollStatus.Closed,
                ClosedAt = now,
                ResultsPending = poll.AnnounceResults && poll.OpenedAt is not null && poll.Channel != AnnouncementChannel.None,
            })
            : Decision.Unchanged<Poll>();

    /// <summary>Changes and cancellations are allowed until the poll opens.</summary>
    public static bool NotYetOpen(Poll poll, DateTimeOffset now) =>
        poll.Status == PollStatus.AwaitingApproval || (poll.Status == PollStatus.Scheduled && now < poll.OpensAt);

    private static PollStatus StatusAfterEdit(Poll poll) =>
        poll.Audience.NeedsApproval ? PollStatus.AwaitingApproval : PollStatus.Scheduled;
}
