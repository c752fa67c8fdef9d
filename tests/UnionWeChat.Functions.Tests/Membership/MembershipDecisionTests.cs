using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>Staff decide applications through the API; the worker is told in WeChat and becomes a registered member.</summary>
public sealed class MembershipDecisionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_approved_worker_is_told_their_member_number_is_registered_and_may_vote_in_a_members_only_poll()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Ok", 1);
        var outsider = JoinKit.Worker("Ok", 2);
        var id = await chat.ApplyAsync(worker);
        await chat.FollowAsync(outsider);

        var decided = await chat.Http.DecideAsync(id, "approve", new { union = "开发区总工会" }, PollKit.Alice);
        var number = decided.GetProperty("application").GetProperty("memberNumber").GetString()!;
        var told = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var member = await chat.App.MemberAsync(worker);
        var again = await chat.SayAsync(worker, "入会");
        var poll = await chat.Http.CreateApprovedAsync(PollKit.Body().With("audience", "registered"));
        await chat.SayAsync(worker, "投票");
        var ballot = await chat.SayAsync(worker, "1");
        var refused = await chat.SayAsync(outsider, "投票");

        Assert.True(decided.GetProperty("workerTold").GetBoolean());
        Assert.Matches(@"^\d{4}\d{6}$", number);
        Assert.Contains("入会申请已通过", told, StringComparison.Ordinal);
        Assert.Contains(number, told, StringComparison.Ordinal);
        Assert.Contains("开发区总工会", told, StringComparison.Ordinal);
        Assert.True(member!.Registered);
        Assert.Equal(number, member.Registration!.Number);
        Assert.Contains("已经是工会会员", again, StringComparison.Ordinal);
        Assert.Contains("投票成功", ballot, StringComparison.Ordinal);
        Assert.Contains("没有您可以参加的投票", refused, StringComparison.Ordinal);
        Assert.Equal([1L, 0L, 0L], (await chat.App.TallyAsync(poll)).Counts);
        var history = (await chat.Http.ApplicationAsync(id)).GetProperty("history").EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Equal(["职工", "alice", "alice"], history);
    }

    [Fact]
    public async Task Of_two_decisions_on_one_application_the_second_is_refused_and_changes_nothing()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Race", 1);
        var id = await chat.ApplyAsync(worker);

        await chat.Http.DecideAsync(id, "approve", new { union = "市总工会" }, PollKit.Alice);
        var messages = chat.WeChat.State.MessagesFor(worker).Count;
        await chat.Http.DecideAsync(id, "decline", new { reason = "资料不全" }, PollKit.Carol, HttpStatusCode.Conflict);
        await chat.Http.DecideAsync(id, "approve", new { union = "市总工会" }, PollKit.Bob, HttpStatusCode.Conflict);

        var application = await chat.Http.ApplicationAsync(id);
        Assert.Equal("Approved", application.GetProperty("status").GetString());
        Assert.Equal(messages, chat.WeChat.State.MessagesFor(worker).Count);
        var stats = await (await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/stats", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, stats.GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task Staff_ask_for_more_the_worker_applies_again_with_the_question_shown_and_the_old_application_is_replaced()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("More", 1);
        var first = await chat.ApplyAsync(worker, employer: "东方");

        await chat.Http.DecideAsync(first, "ask", new { question = "请写明单位全称" }, PollKit.Carol);
        var told = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var restart = await chat.SayAsync(worker, "入会");
        await chat.SayAsync(worker, "取消");
        var second = await chat.ApplyAsync(worker, employer: "东方机械制造有限公司", follow: false);

        Assert.Contains("请写明单位全称", told, StringComparison.Ordinal);
        Assert.Contains("回复“入会”", told, StringComparison.Ordinal);
        Assert.Contains("工会请您补充：请写明单位全称", restart, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Equal("Replaced", (await chat.Http.ApplicationAsync(first)).GetProperty("status").GetString());
        Assert.Equal("东方机械制造有限公司", (await chat.Http.ApplicationAsync(second)).GetProperty("employer").GetString());
    }

    [Fact]
    public async Task A_decline_is_told_with_its_reason_and_the_worker_may_apply_again()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("No", 1);
        var id = await chat.ApplyAsync(worker);

        await chat.Http.DecideAsync(id, "decline", new { reason = "" }, PollKit.Carol, HttpStatusCode.BadRequest);
        await chat.Http.DecideAsync(id, "decline", new { reason = new string('长', 501) }, PollKit.Carol, HttpStatusCode.BadRequest);
        var pendingStill = (await chat.Http.ApplicationAsync(id)).GetProperty("status").GetString();
        await chat.Http.DecideAsync(id, "decline", new { reason = "您所在单位不在本会受理范围，请向单位所在地工会申请" }, PollKit.Carol);
        var told = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var restart = await chat.SayAsync(worker, "入会");

        Assert.Equal("Pending", pendingStill);
        Assert.Contains("未能通过：您所在单位不在本会受理范围", told, StringComparison.Ordinal);
        Assert.Contains("网上入会", restart, StringComparison.Ordinal);
        Assert.False((await chat.App.MemberAsync(worker))!.Registered);
    }

    [Fact]
    public async Task A_viewer_cannot_decide_a_union_not_configured_is_refused_and_made_up_ids_are_not_found()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Guard", 1);
        var id = await chat.ApplyAsync(worker);

        using var viewer = await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/applications/{id}/approve", PollKit.Vic, new { union = "市总工会" });
        await chat.Http.DecideAsync(id, "approve", new { union = "不存在的工会" }, PollKit.Alice, HttpStatusCode.BadRequest);
        await chat.Http.DecideAsync("RH20261203-FFFFFFFF", "approve", new { union = "市总工会" }, PollKit.Alice, HttpStatusCode.NotFound);
        await chat.Http.DecideAsync("RH' or 1 eq 1", "decline", new { reason = "x" }, PollKit.Alice, HttpStatusCode.NotFound);
        using var unsigned = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/applications", null);
        using var badStatus = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/applications?status=Everything", PollKit.Vic);

        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("Pending", (await chat.Http.ApplicationAsync(id)).GetProperty("status").GetString());
        Assert.DoesNotContain(chat.WeChat.State.MessagesFor(worker), m => m.Text?.Contains("入会申请", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_member_who_unfollows_and_follows_again_is_still_registered_and_the_export_has_no_openid()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Back", 1);
        var id = await chat.ApplyAsync(worker);
        await chat.Http.DecideAsync(id, "approve", new { union = "市总工会" }, PollKit.Alice);

        await chat.UnfollowAsync(worker);
        var gone = await chat.App.MemberAsync(worker);
        await chat.FollowAsync(worker);
        var back = await chat.App.MemberAsync(worker);
        using var export = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/registry.csv", PollKit.Alice);
        using var triageExport = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/registry.csv", PollKit.Carol);
        var csv = await export.Content.ReadAsStringAsync();

        Assert.False(gone!.Registered);
        Assert.True(back!.Registered);
        Assert.Equal("市总工会", back.Registration!.Union);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("张小红,13812345678,东方机械厂,市总工会", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(worker, csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, triageExport.StatusCode);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "开发区总工会"));
}
