using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>A notice's staff steps, decided without storage or HTTP.</summary>
public sealed class NoticeLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static Notice ToEveryone(NoticeStatus status) => new()
    {
        Id = "n1",
        Title = "年终慰问",
        Audience = NoticeAudience.Everyone,
        CreatedBy = "王芳",
        Status = status,
    };

    [Fact]
    public void The_creator_cannot_approve_their_own_notice_and_another_admin_can()
    {
        var waiting = ToEveryone(NoticeStatus.AwaitingApproval);
        Assert.True(NoticeLifecycle.Approve(waiting, "王芳", Now).Refusal!.Forbidden);
        Assert.True(NoticeLifecycle.Approve(waiting, "王芳".ToUpperInvariant(), Now).Refusal!.Forbidden);

        var approved = NoticeLifecycle.Approve(waiting, "李强", Now).Next!;
        Assert.Equal((NoticeStatus.Scheduled, "李强", (DateTimeOffset?)Now), (approved.Status, approved.ApprovedBy, approved.ApprovedAt));
        Assert.False(NoticeLifecycle.Approve(approved, "赵敏", Now).Refusal!.Forbidden);
    }

    [Fact]
    public void A_paused_notice_resumes_where_it_was_and_a_finished_one_cannot_be_cancelled()
    {
        var unstarted = NoticeLifecycle.Pause(ToEveryone(NoticeStatus.Scheduled), "王芳", Now).Next!;
        Assert.Equal(NoticeStatus.Scheduled, NoticeLifecycle.Resume(unstarted, "王芳", Now).Next!.Status);

        var midway = NoticeLifecycle.Pause(ToEveryone(NoticeStatus.Sending) with { StartedAt = Now, LastStop = "今日模板消息额度已用完" }, "王芳", Now).Next!;
        var resumed = NoticeLifecycle.Resume(midway, "李强", Now).Next!;
        Assert.Equal((NoticeStatus.Sending, "李强", (string?)null), (resumed.Status, resumed.ChangedBy, resumed.LastStop));

        Assert.NotNull(NoticeLifecycle.Pause(ToEveryone(NoticeStatus.Completed), "王芳", Now).Refusal);
        Assert.NotNull(NoticeLifecycle.Resume(ToEveryone(NoticeStatus.Sending), "王芳", Now).Refusal);
        Assert.NotNull(NoticeLifecycle.Cancel(ToEveryone(NoticeStatus.Completed), "王芳", Now).Refusal);
        Assert.Equal(NoticeStatus.Cancelled, NoticeLifecycle.Cancel(midway, "王芳", Now).Next!.Status);
    }
}
