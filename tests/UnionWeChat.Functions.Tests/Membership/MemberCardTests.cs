using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>The electronic member card, opened from WeChat, and the code staff check at a service counter.</summary>
public sealed class MemberCardTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_member_opens_their_card_and_staff_check_its_code_while_forged_codes_and_numbers_fail()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Card", 1);
        var id = await chat.ApplyAsync(worker);
        var number = (await chat.Http.DecideAsync(id, "approve", new { union = "市总工会" }, PollKit.Alice))
            .GetProperty("application").GetProperty("memberNumber").GetString()!;

        var link = await chat.SayAsync(worker, "会员卡");
        var (status, card) = await chat.OpenCardAsync(worker);
        var code = JoinKit.CodeOn(card);
        var forged = code == "000000" ? "111111" : "000000";
        var valid = await (await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/check?number={number}&code={code}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        using var wrongCode = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/check?number={number}&code={forged}", PollKit.Vic);
        using var wrongNumber = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/check?number=2026999999&code={code}", PollKit.Vic);
        using var junk = await chat.Http.SendAsync(HttpMethod.Get, $"{JoinKit.Api}/check?number={Uri.EscapeDataString("' or ''='")}&code={Uri.EscapeDataString("<script>")}", PollKit.Vic);

        Assert.Contains("https://union.example.cn/api/member/card", link, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(number, card, StringComparison.Ordinal);
        Assert.Contains("张小红", card, StringComparison.Ordinal);
        Assert.Contains("市总工会", card, StringComparison.Ordinal);
        Assert.Equal("张小红", valid.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongNumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, junk.StatusCode);
    }

    [Fact]
    public async Task A_follower_who_is_not_a_member_is_told_how_to_join_and_a_vote_page_cookie_does_not_open_a_card()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("NoCard", 1);
        await chat.FollowAsync(worker);

        var (status, page) = await chat.OpenCardAsync(worker);
        var poll = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        await phone.SignInAsync(poll, worker);
        using var card = await phone.Http.GetAsync("/api/member/card");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("回复“入会”", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, card.StatusCode);
    }

    [Fact]
    public async Task A_callback_the_card_page_did_not_start_and_a_made_up_code_are_refused()
    {
        await using var chat = await StartAsync();
        using var phone = chat.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var noState = await phone.GetAsync($"/api/member/card?code={chat.WeChat.State.IssueOAuthCode(JoinKit.Worker("Cb", 1))}&state=abc");
        using var start = await phone.GetAsync("/api/member/card");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();
        using var madeUp = await phone.GetAsync($"/api/member/card?code=madeupcode123&state={state}");

        Assert.Equal(HttpStatusCode.BadRequest, noState.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp.StatusCode);
        Assert.Contains("登录已失效", await madeUp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Polls:PublicBaseUrl", "https://union.example.cn"));
}
