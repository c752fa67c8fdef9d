using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>The poll's rules, decided without storage or HTTP: who may approve, what may change when.</summary>
public sealed class PollLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static Poll ForEveryone(PollStatus status = PollStatus.AwaitingApproval) => new()
    {
        Id = "0123456789ab",
        Title = "食堂菜单",
        Options = ["甲", "乙"],
        Audience = PollAudience.Everyone,
        OpensAt = Now.AddHours(1),
        ClosesAt = Now.AddDays(1),
        CreatedBy = "王芳",
        Status = status,
        Salt = "salt",
    };

    [Fact]
    public void A_poll_for_everyone_waits_for_a_second_admin_and_its_creator_cannot_approve_it()
    {
        var poll = PollLifecycle.Created(ForEveryone(PollStatus.Scheduled));
        Assert.Equal(PollStatus.AwaitingApproval, poll.Status);

        var own = PollLifecycle.Approve(poll, "王芳", Now);
        Assert.Null(own.Next);
        Assert.True(own.Refusal!.Forbidden);

        var other = PollLifecycle.Approve(poll, "李强", Now);
        Assert.Equal(PollStatus.Scheduled, other.Next!.Status);
        Assert.Equal("李强", other.Next.ApprovedBy);
        Assert.Equal(Now, other.Next.ApprovedAt);
    }

    [Fact]
    public void Whoever_changed_a_poll_cannot_approve_the_change_and_a_change_asks_for_approval_again()
    {
        var approved = ForEveryone(PollStatus.Scheduled) with { ApprovedBy = "李强", ApprovedAt = Now };
        var changed = PollLifecycle.Change(approved, approved with { Title = "新标题" }, "李强", Now).Next!;

        Assert.Equal(PollStatus.AwaitingApproval, changed.Status);
        Assert.Null(changed.ApprovedBy);
        Assert.True(PollLifecycle.Approve(changed, "李强", Now).Refusal!.Forbidden);
        Assert.NotNull(PollLifecycle.Approve(changed, "赵敏", Now).Next);
    }

    [Fact]
    public void A_poll_whose_closing_time_has_passed_cannot_be_approved()
    {
        var late = PollLifecycle.Approve(ForEveryone(), "李强", ForEveryone().ClosesAt);
        Assert.Null(late.Next);
        Assert.False(late.Refusal!.Forbidden);
        Assert.Contains("截止", late.Refusal.Reason);
    }

    [Fact]
    public void Once_open_a_poll_can_no_longer_be_changed_or_cancelled_only_closed_early()
    {
        var open = ForEveryone(PollStatus.Open) with { Audience = new PollAudience(AudienceKind.Registered, []) };
        var during = open.OpensAt.AddMinutes(5);

        Assert.NotNull(PollLifecycle.Change(open, open with { Title = "x" }, "王芳", during).Refusal);
        Assert.NotNull(PollLifecycle.Cancel(open, "王芳", during).Refusal);
        Assert.NotNull(PollLifecycle.Cancel(open with { Status = PollStatus.Scheduled }, "王芳", open.OpensAt.AddMinutes(-1)).Next);

        var closed = PollLifecycle.RequestClose(open, "王芳", during).Next!;
        Assert.Equal(during, closed.ClosesAt);
        Assert.Equal("王芳", closed.ClosedEarlyBy);
        Assert.NotNull(PollLifecycle.RequestClose(ForEveryone(PollStatus.Scheduled), "王芳", Now).Refusal);
    }

    [Fact]
    public void Closing_a_poll_for_everyone_early_takes_a_second_admin()
    {
        var open = ForEveryone(PollStatus.Open);
        var during = open.OpensAt.AddMinutes(5);

        var asked = PollLifecycle.RequestClose(open, "王芳", during).Next!;
        Assert.Equal(open.ClosesAt, asked.ClosesAt);
        Assert.Equal("王芳", asked.CloseRequestedBy);
        var again = PollLifecycle.RequestClose(asked, "王芳", during);
        Assert.Null(again.Next);
        Assert.Null(again.Refusal);

        Assert.True(PollLifecycle.ApproveClose(asked, "王芳", during).Refusal!.Forbidden);
        Assert.NotNull(PollLifecycle.ApproveClose(open, "李强", during).Refusal);
        var done = PollLifecycle.ApproveClose(asked, "李强", during).Next!;
        Assert.Equal(during, done.ClosesAt);
        Assert.Equal("王芳, 李强", done.ClosedEarlyBy);
    }

    [Fact]
    public void The_timer_opens_only_scheduled_polls_in_their_window_and_results_follow_only_a_poll_that_opened()
    {
        var scheduled = ForEveryone(PollStatus.Scheduled) with { AnnounceResults = true, Channel = AnnouncementChannel.Template };
        Assert.Null(PollLifecycle.Open(scheduled, 10, scheduled.OpensAt.AddSeconds(-1)).Next);
        Assert.Null(PollLifecycle.Open(ForEveryone(), 10, scheduled.OpensAt).Next);
        var opened = PollLifecycle.Open(scheduled, 10, scheduled.OpensAt).Next!;
        Assert.Equal((PollStatus.Open, 10), (opened.Status, opened.AudienceSize));

        Assert.True(PollLifecycle.Close(opened, opened.ClosesAt).Next!.ResultsPending);
        Assert.False(PollLifecycle.Close(scheduled, scheduled.ClosesAt).Next!.ResultsPending);
        Assert.Null(PollLifecycle.Close(opened with { Status = PollStatus.Cancelled }, opened.ClosesAt).Next);
    }
}
