using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The rules staff steps on a notice follow: a notice to everyone waits for an admin other than its creator, and
/// one whose audience was counted empty is refused rather than approved;
/// sending can be paused between batches and resumed where it left off; anything not finished can be cancelled.
/// The endpoints only translate: they read the notice, ask here, and save the answer with its ETag.
/// </summary>
public static class NoticeLifecycle
{
    public static Decision<Notice> Approve(Notice notice, string approver, DateTimeOffset now)
    {
        if (notice.Status == NoticeStatus.Refused && notice.Refusal is { } refused)
        {
            return Decision.No<Notice>(refused.Reason, refused.Code);
        }
        if (notice.Status != NoticeStatus.AwaitingApproval)
        {
            return Decision.No<Notice>($"通知当前为“{NoticeLabels.Of(notice.Status)}”，无需审批");
        }
        if (string.Equals(notice.CreatedBy, approver, StringComparison.OrdinalIgnoreCase))
        {
            return Decision.NotYou<Notice>("发起人不能审批自己的通知，请另一位管理员审批");
        }
        if (notice.Preflight is { Recipients: 0 })
        {
            // Counted already and nobody is there: approving would only report "completed" for no one.
            return Decision.To(NoticeRefusal.AudienceEmpty.Apply(notice, now));
        }
        return Decision.To(notice with { Status = NoticeStatus.Scheduled, ApprovedBy = approver, ApprovedAt = now });
    }

    public static Decision<Notice> Pause(Notice notice, string who, DateTimeOffset now) =>
        notice.Status is NoticeStatus.Scheduled or NoticeStatus.Sending
            ? Decision.To(notice with { Status = NoticeStatus.Paused, ChangedBy = who, ChangedAt = now })
            : Decision.No<Notice>($"只有待发送或发送中的通知可以暂停，当前为“{NoticeLabels.Of(notice.Status)}”");

    /// <summary>A notice paused before it started goes back to waiting for its time; one paused mid-way sends on.</summary>
    public static Decision<Notice> Resume(Notice notice, string who, DateTimeOffset now) =>
        notice.Status == NoticeStatus.Paused
            ? Decision.To(notice with
            {
                Status = notice.StartedAt is null ? NoticeStatus.Scheduled : NoticeStatus.Sending,
                ChangedBy = who,
                ChangedAt = now,
                LastStop = null,
            })
            : Decision.No<Notice>($"只有已暂停的通知可以继续，当前为“{NoticeLabels.Of(notice.Status)}”");

    public static Decision<Notice> Cancel(Notice notice, string who, DateTimeOffset now) =>
        notice.Status is NoticeStatus.Completed or NoticeStatus.Cancelled or NoticeStatus.Refused
            ? Decision.No<Notice>($"通知已{notice.Status switch { NoticeStatus.Completed => "发送完成", NoticeStatus.Refused => "被拒绝发送", _ => "取消" }}")
            : Decision.To(notice with { Status = NoticeStatus.Cancelled, ChangedBy = who, ChangedAt = now });
}
