using System.Net;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Cases.Desk;

public sealed class DeskEndToEndTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Staff_find_assign_and_answer_a_workers_complaint_which_reaches_the_worker_and_their_case_history()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerE2E0000000000000001";
        var filed = await desk.FileThroughChatAsync(worker, "银川某某建筑有限公司", "公司拖欠三个月工资，共计一万二千元。");
        var staff = desk.As(StaffDesk.Triage);

        var list = await StaffDesk.JsonAsync(await staff.GetAsync("/api/staff/cases?status=New"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("number").GetString() == filed.Number);

        var assigned = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/assign", new { assignee = "tom" }));
        Assert.Equal("tom", assigned.GetProperty("case").GetProperty("assignee").GetString());
        Assert.Equal("Triaged", assigned.GetProperty("case").GetProperty("status").GetString());

        var replied = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = "已联系公司，本周内答复您。" }));
        Assert.Equal("CustomMessage", replied.GetProperty("reply").GetProperty("delivery").GetString());

        var pushed = desk.Chat.WeChat.State.MessagesFor(worker).Where(m => m.Channel == SendChannel.Custom).ToList();
        var message = Assert.Single(pushed, m => m.Text?.Contains("已联系公司，本周内答复您。", StringComparison.Ordinal) == true);
        Assert.Contains(filed.Number, message.Text, StringComparison.Ordinal);

        // What the worker's 查询 reads: the worker-visible lines of the history.
        var history = await desk.Service<CaseStore>().HistoryAsync(filed.Number, CancellationToken.None);
        var reply = Assert.Single(history, e => e.Action == "reply");
        Assert.True(reply.VisibleToWorker);
        Assert.Equal("tom", reply.Actor);
        Assert.Contains("已联系公司，本周内答复您。", reply.Detail, StringComparison.Ordinal);
        Assert.Contains("已通过公众号消息发送", reply.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(history, e => e.Action == "assigned" && e.VisibleToWorker);

        var stored = await desk.Service<CaseStore>().GetAsync(filed.Number, CancellationToken.None);
        Assert.NotNull(stored!.FirstResponseAt);
        Assert.Equal(1, (await desk.Service<MemberStore>().GetAsync(worker, CancellationToken.None))!.CustomSentSinceInteraction);

        // …and what the worker sees when they ask.
        var seen = await desk.Chat.SayAsync(worker, "查询 " + filed.Number);
        Assert.Contains("已联系公司，本周内答复您。", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_workers_last_message_is_older_than_48_hours_the_reply_goes_as_a_template_message()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerE2E0000000000000002";
        var filed = await desk.FileComplaintAsync(worker, "工伤认定无人处理");
        var members = desk.Service<MemberStore>();
        var member = await members.GetAsync(worker, CancellationToken.None);
        await members.SaveAsync(member! with { LastInteractionAt = TimeProvider.System.GetUtcNow().AddHours(-49) }, CancellationToken.None);
        var staff = desk.As(StaffDesk.Triage);

        var replied = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = "请携带材料到区总工会" }));

        Assert.Equal("TemplateMessage", replied.GetProperty("reply").GetProperty("delivery").GetString());
        Assert.DoesNotContain(desk.Chat.WeChat.State.MessagesFor(worker), m => m.Channel == SendChannel.Custom);
        var template = Assert.Single(desk.Chat.WeChat.State.MessagesFor(worker), m => m.Channel == SendChannel.Template);
        Assert.Contains(StaffDesk.ReplyTemplateId, template.BodyJson, StringComparison.Ordinal);
        Assert.Contains(filed.Number, template.Text, StringComparison.Ordinal);
        Assert.Contains("请携带材料到区总工会", template.Text, StringComparison.Ordinal);

        var history = await desk.Service<CaseStore>().HistoryAsync(filed.Number, CancellationToken.None);
        var reply = Assert.Single(history, e => e.Action == "reply");
        Assert.True(reply.VisibleToWorker);
        Assert.Contains("已通过模板消息通知", reply.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sixth_reply_in_one_window_goes_as_a_template_because_a_message_allows_five()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerE2E0000000000000003";
        var filed = await desk.FileComplaintAsync(worker, "加班费未支付");
        var staff = desk.As(StaffDesk.Triage);

        var deliveries = new List<string?>();
        for (var i = 1; i <= 6; i++)
        {
            var replied = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = $"第{i}次回复" }));
            deliveries.Add(replied.GetProperty("reply").GetProperty("delivery").GetString());
        }

        Assert.Equal([.. Enumerable.Repeat("CustomMessage", 5), "TemplateMessage"], deliveries);
        Assert.Equal(5, desk.Chat.WeChat.State.MessagesFor(worker).Count(m => m.Channel == SendChannel.Custom));
    }

    [Fact]
    public async Task A_reply_that_cannot_be_pushed_is_still_recorded_for_the_worker_with_the_reason()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerE2E0000000000000004";
        var filed = await desk.FileComplaintAsync(worker, "社保断缴");
        await desk.Chat.UnfollowAsync(worker);
        var staff = desk.As(StaffDesk.Triage);

        var replied = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = "已受理" }));

        Assert.Equal("NotDelivered", replied.GetProperty("reply").GetProperty("delivery").GetString());
        Assert.Empty(desk.Chat.WeChat.State.MessagesFor(worker));
        var reply = Assert.Single(await desk.Service<CaseStore>().HistoryAsync(filed.Number, CancellationToken.None), e => e.Action == "reply");
        Assert.True(reply.VisibleToWorker);
        Assert.Contains("未能推送", reply.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_reply_is_refused_and_nothing_is_sent_or_recorded()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerE2E0000000000000005";
        var filed = await desk.FileComplaintAsync(worker, "合同纠纷");
        var staff = desk.As(StaffDesk.Triage);

        using var response = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{filed.Number}/replies", new { text = "   " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(desk.Chat.WeChat.State.MessagesFor(worker));
        Assert.DoesNotContain(await desk.Service<CaseStore>().HistoryAsync(filed.Number, CancellationToken.None), e => e.Action == "reply");
        Assert.Null((await desk.Service<CaseStore>().GetAsync(filed.Number, CancellationToken.None))!.FirstResponseAt);
    }
}
