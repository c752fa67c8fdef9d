using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Conversation;

/// <summary>The chat read as a worker reads it: one word for one thing, and every text promising what happens.</summary>
public sealed class ChatWordingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task After_a_case_is_closed_its_status_and_its_history_use_one_word_and_the_delivery_note_stays_with_staff()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerWording000000000001";
        var filed = await desk.FileComplaintAsync(worker, "公司拖欠两个月工资。");
        var staff = desk.As(StaffDesk.Triage);
        await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = "已联系公司，请耐心等待。" }));
        foreach (var status in new[] { "InProgress", "Resolved", "Closed" })
        {
            await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/status", new { status }));
        }

        // Closing asked for a rating; the worker answers it before looking the case up.
        Assert.Contains("感谢您的评价", await desk.Chat.SayAsync(worker, "4"), StringComparison.Ordinal);

        var seen = await desk.Chat.SayAsync(worker, "查询 " + filed.Number);

        Assert.Contains("当前状态：已办结", seen, StringComparison.Ordinal);
        Assert.Contains("状态更新：已办结", seen, StringComparison.Ordinal);
        Assert.Contains("状态更新：已办理，待确认", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("已关闭", seen, StringComparison.Ordinal);
        Assert.Contains("工作人员回复：已联系公司，请耐心等待。", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("〔", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("已通过公众号消息发送", seen, StringComparison.Ordinal);
        // Staff still see how the reply went.
        var history = await desk.Service<CaseStore>().HistoryAsync(filed.Number, CancellationToken.None);
        Assert.Contains("已通过公众号消息发送", Assert.Single(history, e => e.Action == "reply").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rating_request_has_its_own_heading_and_is_not_called_a_staff_reply()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerWording000000000002";
        var filed = await desk.FileComplaintAsync(worker, "加班费没有发放。");
        var staff = desk.As(StaffDesk.Triage);
        foreach (var status in new[] { "InProgress", "Resolved", "Closed" })
        {
            await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/status", new { status }));
        }

        var asked = Assert.Single(desk.Chat.WeChat.State.MessagesFor(worker), m => m.Channel == SendChannel.Custom);

        Assert.StartsWith($"【{filed.Number}】办结回访：", asked.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("工作人员回复", asked.Text, StringComparison.Ordinal);
        Assert.Contains("回复 1 到 5", asked.Text, StringComparison.Ordinal);
        Assert.Contains("感谢您的评价", await desk.Chat.SayAsync(worker, "5"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_join_guide_promises_the_online_application_it_starts_and_mine_shows_the_workers_own_menu()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerWording000000000003";

        var guide = await chat.SayAsync(worker, "入会指南");
        var join = await chat.SayAsync(worker, "入会");
        await chat.SayAsync(worker, "取消");
        var mine = await chat.SayAsync(worker, "我的");

        Assert.Contains("回复“入会”在线申请", guide, StringComparison.Ordinal);
        Assert.Contains("网上入会", join, StringComparison.Ordinal);
        Assert.StartsWith("“我的”菜单里有", mine, StringComparison.Ordinal);
        Assert.Contains("我的案件（或回复“查询”）", mine, StringComparison.Ordinal);
        Assert.Contains("投票（或回复“投票”）", mine, StringComparison.Ordinal);
        Assert.Contains("入会指南（或回复“入会指南”）", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("您可以回复以下内容", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_says_what_each_command_does_instead_of_repeating_its_name()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);

        var help = await chat.SayAsync("oWorkerWording000000000004", "帮助");

        var lines = help.Split('\n').Where(l => l.StartsWith("· “", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var word = line[3..line.IndexOf('”', StringComparison.Ordinal)];
            var what = line[(line.IndexOf('：', StringComparison.Ordinal) + 1)..];
            Assert.NotEqual(word, what);
        });
        Assert.Contains("“入会指南”：了解怎样加入工会", help, StringComparison.Ordinal);
        Assert.Contains("“我的”：", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipping_the_required_phone_in_the_aid_dialog_gets_a_kind_answer_saying_why_not_a_format_error()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, PushMode.Plaintext);
        const string worker = "oWorkerWording000000000005";
        var type = await chat.SayAsync(worker, "求助");
        var situation = await chat.SayAsync(worker, "1");
        var prompt = await chat.SayAsync(worker, "家里两人失业，孩子上学费用没有着落。");

        var skipped = await chat.SayAsync(worker, "跳过");

        Assert.Contains("请选择求助类型", type, StringComparison.Ordinal);
        Assert.Contains("证据材料", situation, StringComparison.Ordinal);
        Assert.DoesNotContain("证明材料", situation, StringComparison.Ordinal);
        Assert.Contains("必填", prompt, StringComparison.Ordinal);
        Assert.Contains("不能跳过", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain("格式不正确", skipped, StringComparison.Ordinal);
        // Still at the phone: a number goes on to the summary.
        Assert.Contains("请核对", await chat.SayAsync(worker, "13912345678"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vote_list_marks_the_polls_the_member_already_voted_in()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
        await chat.Http.CreateApprovedAsync(PollKit.Body().With("title", "食堂菜单调整"));
        await chat.Http.CreateApprovedAsync(PollKit.Body().With("title", "春游目的地").With("closesAt", PollKit.Now.AddHours(2)));
        var worker = PollKit.Member("Mark", 1);
        var before = await chat.SayAsync(worker, "投票");
        await chat.SayAsync(worker, "1");
        Assert.Contains("投票成功", await chat.SayAsync(worker, "1"), StringComparison.Ordinal);

        var after = await chat.SayAsync(worker, "投票");

        Assert.DoesNotContain("已投票", before, StringComparison.Ordinal);
        Assert.Contains("1. 【已投票】食堂菜单调整", after, StringComparison.Ordinal);
        Assert.Contains("2. 春游目的地", after, StringComparison.Ordinal);
    }
}
