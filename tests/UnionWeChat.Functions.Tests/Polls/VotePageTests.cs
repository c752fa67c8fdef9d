using System.Net;
using Azure.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class VotePageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Without_a_session_the_page_sends_the_member_to_wechat_oauth_with_snsapi_base()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);

        var authorize = await phone.OpenWithoutSessionAsync(id);

        Assert.StartsWith(new Uri(chat.WeChat.BaseUrl, "connect/oauth2/authorize").ToString(), authorize.ToString());
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(AppFactory.AppId, query["appid"]);
        Assert.Equal("snsapi_base", query["scope"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal($"http://localhost/api/vote/{id}", query["redirect_uri"]);
        Assert.Matches("^[0-9a-f]{32}$", query["state"].ToString());
        Assert.Equal("#wechat_redirect", authorize.Fragment);
    }

    [Fact]
    public async Task A_member_signs_in_through_oauth_votes_and_sees_the_receipt_and_the_chart()
    {
        // The live tally is reused for a few seconds by design; this test wants to see its own ballot at once.
        await using var chat = await StartAsync(app => app.With("Polls:TallyCacheFor", "00:00:00"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("Page", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });

        var page = await phone.SignInAsync(id, member);
        using var posted = await phone.SubmitAsync(id, page, ["3"]);
        var (status, after) = await phone.GetAsync(id, "?done=1");

        Assert.Contains("type=\"radio\" name=\"choice\" value=\"3\"", page);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/api/vote/{id}?done=1", posted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("投票成功", after);
        Assert.Matches("class=\"receipt\">[0-9A-Z]{4}-[0-9A-Z]{4}<", after);
        Assert.Contains("<svg class=\"results-chart\"", after);
        Assert.Contains("data-option=\"3\" data-votes=\"1\"", after);
        Assert.Equal([0L, 0L, 1L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_second_submission_is_refused_and_the_first_ballot_stands()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("Again", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        var page = await phone.SignInAsync(id, member);

        using var first = await phone.SubmitAsync(id, page, ["1"]);
        using var second = await phone.SubmitAsync(id, page, ["2"]);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("您已投过票，投票不能修改", await second.Content.ReadAsStringAsync());
        Assert.Equal([1L, 0L, 0L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_callback_the_app_did_not_start_or_with_a_spent_code_signs_nobody_in()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var authorize = await phone.OpenWithoutSessionAsync(id);
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();

        var (wrongState, _) = await phone.GetAsync(id, $"?code={chat.WeChat.State.IssueOAuthCode(PollKit.Member("Cb", 1))}&state=0123456789abcdef0123456789abcdef");
        var (madeUp, madeUpHtml) = await phone.GetAsync(id, $"?code=madeupcode123&state={state}");
        var (noSession, _) = await phone.GetAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, wrongState);
        Assert.Equal(HttpStatusCode.BadRequest, madeUp);
        Assert.Contains("重新打开投票页面", madeUpHtml);
        Assert.Equal(HttpStatusCode.Redirect, noSession);
    }

    [Fact]
    public async Task A_forged_voter_cookie_is_no_session()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        phone.Http.DefaultRequestHeaders.Add("Cookie", $"{VoterIdentity.CookieName}={PollKit.Member("Forged", 1)}");

        var (status, _) = await phone.GetAsync(id);

        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_refused_and_stores_nothing()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("Csrf", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        await phone.SignInAsync(id, member);

        using var response = await phone.SubmitAsync(id, pageHtml: null, ["1"]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("页面已过期", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await chat.App.TallyAsync(id)).Voters);
    }

    [Fact]
    public async Task Another_members_openid_in_the_form_is_ignored_the_ballot_is_the_signed_in_members()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("Honest", 1);
        var victim = PollKit.Member("Victim", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        var page = await phone.SignInAsync(id, member);

        using var response = await phone.SubmitAsync(id, page, ["2"], ("openid", victim), ("FromUserName", victim), ("member", victim));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var poll = await chat.App.PollAsync(id);
        var box = chat.App.Services.GetRequiredService<BallotBox>();
        Assert.NotNull(await box.ReceiptIfVotedAsync(poll, member, default));
        Assert.Null(await box.ReceiptIfVotedAsync(poll, victim, default));
    }

    [Fact]
    public async Task Bad_choices_on_the_page_are_explained_and_store_nothing()
    {
        await using var chat = await StartAsync(app => app.With("Polls:SubmissionsPerMemberPerMinute", "20"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("PageBad", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        var page = await phone.SignInAsync(id, member);

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var choices in new[] { Array.Empty<string>(), ["0"], ["99999999999"], ["-2"], ["1", "1"], ["1", "2"], ["x"] })
        {
            using var response = await phone.SubmitAsync(id, page, choices);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            page = response.StatusCode == HttpStatusCode.BadRequest ? answers[^1].Item2 : page;
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.Item1));
        Assert.All(answers, a => Assert.Contains("class=\"error\"", a.Item2));
        Assert.Contains("只能选一项", answers[5].Item2);
        Assert.Equal(0, (await chat.App.TallyAsync(id)).Voters);
    }

    [Fact]
    public async Task A_member_outside_the_audience_sees_why_and_cannot_vote()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body().With("audience", "registered"));
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("NotReg", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true, Registered = false });
        using var fresh = new VoteBrowserlessClient(chat);
        var authorize = await fresh.OpenWithoutSessionAsync(id);
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();
        await fresh.GetAsync(id, $"?code={chat.WeChat.State.IssueOAuthCode(member)}&state={state}");

        var (status, html) = await fresh.GetAsync(id);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("不在投票范围内", html);
        Assert.DoesNotContain("<form", html);
    }

    [Fact]
    public async Task Results_kept_until_the_close_are_not_shown_while_the_poll_is_open()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body().With("visibility", "afterClose"));
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("After", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        var page = await phone.SignInAsync(id, member);
        await phone.SubmitAsync(id, page, ["1"]);

        var (_, html) = await phone.GetAsync(id);

        Assert.Contains("回执码", html);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("投票结束后公布结果", html);
    }

    [Fact]
    public async Task Submissions_beyond_the_per_member_limit_are_turned_away()
    {
        await using var chat = await StartAsync(app => app.With("Polls:SubmissionsPerMemberPerMinute", "2"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var phone = new VoteBrowserlessClient(chat);
        var member = PollKit.Member("Limit", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        var page = await phone.SignInAsync(id, member);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await phone.SubmitAsync(id, page, ["9"]);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Requests_beyond_the_per_address_limit_are_turned_away_and_other_addresses_are_not()
    {
        await using var chat = await StartAsync(app => app.With("Polls:PageRequestsPerAddressPerMinute", "3"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        using var busy = new VoteBrowserlessClient(chat, forwardedFor: "198.51.100.20");
        using var other = new VoteBrowserlessClient(chat, forwardedFor: "198.51.100.21");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await busy.GetAsync(id)).Status);
        }
        var (otherStatus, _) = await other.GetAsync(id);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Redirect, otherStatus);
    }

    [Fact]
    public async Task Many_ballots_from_one_address_are_signalled_to_staff_without_being_blocked()
    {
        await using var chat = await StartAsync(app => app.With("Polls:SignalThreshold", "3"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        for (var i = 0; i < 4; i++)
        {
            await VoteFromAsync(chat, id, PollKit.Member("Wifi", i), "203.0.113.7");
        }
        await VoteFromAsync(chat, id, PollKit.Member("Home", 1), "192.0.2.44");

        var signals = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/signals", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(5, (await chat.App.TallyAsync(id)).Voters);
        var signal = Assert.Single(signals.EnumerateArray());
        Assert.Equal("203.0.113.*", signal.GetProperty("network").GetString());
        Assert.Equal(4, signal.GetProperty("ballots").GetInt32());
        Assert.DoesNotContain("Wifi", signals.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_ballot_is_one_storage_write_the_ballot_and_its_signal_is_written_later()
    {
        var calls = new StorageCalls();
        await using var chat = await StartCountingAsync(calls);
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var members = new[] { PollKit.Member("Write", 1), PollKit.Member("Write", 2) };
        foreach (var member in members)
        {
            await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
            using var phone = new VoteBrowserlessClient(chat, forwardedFor: "198.51.100.9");
            var page = await phone.SignInAsync(id, member);
            calls.Clear();

            using var posted = await phone.SubmitAsync(id, page, ["2"]);

            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            var write = Assert.Single(calls.Writes);
            Assert.Equal("POST", write.Method);
            Assert.EndsWith(BallotBox.TableName, write.Path, StringComparison.Ordinal);
        }

        var signals = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/signals", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, Assert.Single(signals.EnumerateArray()).GetProperty("ballots").GetInt32());
        Assert.Equal([0L, 2L, 0L], (await chat.App.TallyAsync(id)).Counts);
    }

    [Fact]
    public async Task A_lone_ballot_from_an_address_writes_no_signal_row_and_a_second_one_from_it_is_counted()
    {
        var calls = new StorageCalls();
        await using var chat = await StartCountingAsync(calls);
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        await VoteFromAsync(chat, id, PollKit.Member("Lone", 1), "198.51.100.20");
        calls.Clear();

        var afterOne = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/signals", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(afterOne.EnumerateArray());
        Assert.DoesNotContain(calls.Writes, w => w.Path.Contains(VoteSignals.TableName, StringComparison.Ordinal));

        await VoteFromAsync(chat, id, PollKit.Member("Lone", 2), "198.51.100.20");
        var afterTwo = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/signals", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, Assert.Single(afterTwo.EnumerateArray()).GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task Unknown_and_unapproved_polls_are_not_found_on_the_page()
    {
        await using var chat = await StartAsync();
        var created = await (await chat.Http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, PollKit.Body())).JsonAsync(HttpStatusCode.Created);
        using var phone = new VoteBrowserlessClient(chat);
        await phone.SignInAsync(await chat.Http.CreateApprovedAsync(PollKit.Body()), PollKit.Member("Nf", 1));

        var (unapproved, _) = await phone.GetAsync(created.GetProperty("id").GetString()!);
        var (unknown, _) = await phone.GetAsync("0123456789ab");
        var (malformed, _) = await phone.GetAsync("not-a-poll");

        Assert.Equal(HttpStatusCode.NotFound, unapproved);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.NotFound, malformed);
    }

    private static async Task VoteFromAsync(ChatHarness chat, string pollId, string member, string address)
    {
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        using var phone = new VoteBrowserlessClient(chat, forwardedFor: address);
        var page = await phone.SignInAsync(pollId, member);
        using var response = await phone.SubmitAsync(pollId, page, ["1"]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    // Signals from two ballots, written only when staff list them, and every storage call the app makes counted.
    private Task<ChatHarness> StartCountingAsync(StorageCalls calls) => StartAsync(app =>
    {
        app.With("Polls:SignalThreshold", "2").With("Polls:SignalFlushEvery", "00:10:00");
        calls.CountCallsOf(app);
    });

    private Task<ChatHarness> StartAsync(Action<AppFactory>? configure = null) => ChatHarness.StartAsync(azurite, configure: app =>
    {
        app.WithStaff();
        configure?.Invoke(app);
    });
}
