using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>How the console names a poll's state and settings, in the words staff use.</summary>
public static class PollLabels
{
    /// <summary>The status as members live it now: a poll takes ballots from its opening time, before the timer's next run.</summary>
    public static string Status(Poll poll, DateTimeOffset now) => poll.Status switch
    {
        PollStatus.AwaitingApproval => "待批准",
        PollStatus.Scheduled or PollStatus.Open when now >= poll.ClosesAt => "已结束",
        PollStatus.Scheduled when now < poll.OpensAt => "待开始",
        PollStatus.Scheduled or PollStatus.Open when poll.CloseRequestedBy is not null && poll.ClosedEarlyBy is null => "进行中 · 待批准提前结束",
        PollStatus.Scheduled or PollStatus.Open => "进行中",
        PollStatus.Closed => "已结束",
        PollStatus.Cancelled => "已撤销",
        _ => poll.Status.ToString(),
    };

    public static string Audience(PollAudience audience) => audience.Kind switch
    {
        AudienceKind.All => "全部关注者",
        AudienceKind.Registered => "已入会会员",
        AudienceKind.Tags => "标签：" + string.Join("、", audience.Tags),
        _ => audience.Kind.ToString(),
    };

    public static string Channel(AnnouncementChannel channel) => channel switch
    {
        AnnouncementChannel.Mass => "群发消息",
        AnnouncementChannel.Template => "模板消息",
        _ => "不通知",
    };

    public static string Visibility(ResultsVisibility visibility) => visibility switch
    {
        ResultsVisibility.Live => "投票期间实时公开",
        ResultsVisibility.StaffOnly => "仅工作人员可见",
        _ => "投票结束后公开",
    };
}
