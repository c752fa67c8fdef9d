using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>转会 and 退会: asked for on the card page, decided by staff, told to the member in WeChat.</summary>
public sealed class MemberChangeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_member_asks_to_transfer_staff_approve_and_the_member_keeps_the_number_under_the_new_union()
    {
        await using var chat = await StartAsync();
        var (worker, number) = await RegisteredAsync(chat, "Move");
        var (phone, _, card) = await chat.OpenMemberPageAsync(worker, "/api/member/card");
        using var _ = phone;

        using var asked = await phone.PostAsync("/api/member/card/transfer", Form(card, ("union", "开发区总工会"), ("note", "调到开发区分厂工作")));
        using var shown = await phone.GetAsync(asked.Headers.Location!.OriginalString);
        var (_, _, again) = await chat.OpenMemberPageAsync(worker, "/api/member/card");
        var open = await (await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/changes", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        using var viewer = await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/approve", PollKit.Vic);
        var done = await (await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/approve", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);
        using var twice = await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/approve", PollKit.Carol);
        var told = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var member = await chat.App.MemberAsync(worker);

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("转会申请已提交", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("已于", again, StringComparison.Ordinal);
        Assert.DoesNotContain("申请转会或退会", again, StringComparison.Ordinal);
        var request = Assert.Single(open.EnumerateArray());
        Assert.Equal("开发区总工会", request.GetProperty("toUnion").GetString());
        Assert.Equal("调到开发区分厂工作", request.GetProperty("note").GetString());
        Assert.DoesNotContain(worker, open.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal("开发区总工会", done.GetProperty("union").GetString());
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        Assert.Contains("会籍已转入开发区总工会，会员号不变", told, StringComparison.Ordinal);
        Assert.Equal("开发区总工会", member!.Registration!.Union);
        Assert.Equal(number, member.Registration.Number);
    }

    [Fact]
    public async Task Leaving_needs_the_members_confirmation_a_refusal_needs_a_reason_and_a_member_who_left_has_no_card()
    {
        await using var chat = await StartAsync();
        var (worker, number) = await RegisteredAsync(chat, "Leave");
        var (phone, _, card) = await chat.OpenMemberPageAsync(worker, "/api/member/card");
        using var _ = phone;
        var code = JoinKit.CodeOn(card);

        using var unconfirmed = await phone.PostAsync("/api/member/card/leave", Form(card));
        using var badUnion = await phone.PostAsync("/api/member/card/transfer", Form(card, ("union", "不存在的工会")));
        using var forged = await phone.PostAsync("/api/member/card/leave", new FormUrlEncodedContent([new("confirm", "yes")]));
        using var first = await phone.PostAsync("/api/member/card/leave", Form(card, ("confirm", "yes")));
        using var noReason = await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/decline", PollKit.Carol, new { reason = "" });
        await (await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/decline", PollKit.Carol, new { reason = "请先结清本年度会费" })).JsonAsync(HttpStatusCode.OK);
        var refusedText = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var stillMember = (await chat.App.MemberAsync(worker))!.Registered;
        var card2 = await phone.GetStringAsync("/api/member/card");
        using var second = await phone.PostAsync("/api/member/card/leave", Form(card2, ("confirm", "yes")));
        await (await chat.Http.SendAsync(HttpMethod.Post, $"{JoinKit.Api}/changes/{number}/approve", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);
        var leftText = chat.WeChat.State.MessagesFor(worker)[^1].Text!;
        var (status, after) = await chat.OpenCardAsync(worker);
        using var check = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/check?number={number}&code={code}", PollKit.Vic);
        using var export = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/registry.csv", PollKit.Alice);

        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("请勾选“我确认申请退出工会”", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badUnion.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("退会申请未能办理：请先结清本年度会费", refusedText, StringComparison.Ordinal);
        Assert.True(stillMember);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("会籍已注销", leftText, StringComparison.Ordinal);
        Assert.False((await chat.App.MemberAsync(worker))!.Registered);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("您还不是工会会员", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
        Assert.DoesNotContain("13812345678", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(string Worker, string Number)> RegisteredAsync(ChatHarness chat, string tag)
    {
        var worker = JoinKit.Worker(tag, 1);
        var id = await chat.ApplyAsync(worker);
        var number = (await chat.Http.DecideAsync(id, "approve", new { union = "市总工会" }, PollKit.Alice)).GetProperty("application").GetProperty("memberNumber").GetString()!;
        return (worker, number);
    }

    private static FormUrlEncodedContent Form(string pageHtml, params (string Name, string Value)[] fields)
    {
        var all = JoinKit.HiddenFields(pageHtml);
        foreach (var (name, value) in fields)
        {
            all[name] = value;
        }
        return new FormUrlEncodedContent(all);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "开发区总工会"));
}
