using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class PollSchedulerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SendAll = "/cgi-bin/message/mass/sendall";
    private const string SendToList = "/cgi-bin/message/mass/send";
    private readonly ManualTimeProvider _clock = new(PollKit.Now);

    [Fact]
    public async Task Two_overlapping_timer_runs_send_the_opening_and_the_results_announcement_once_each()
    {
        await using var chat = await StartAsync();
        string[] followers = [PollKit.Member("Mass", 1), PollKit.Member("Mass", 2), PollKit.Member("Mass", 3)];
        foreach (var f in followers)
        {
            chat.WeChat.State.AddFollower(f);
        }
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.FromMinutes(1)).With("channel", "mass").With("announceResults", true));

        await RunTwiceAtOnceAsync(chat);
        Assert.Equal(0, chat.WeChat.State.CallCount(SendAll));
        Assert.Equal(PollStatus.Scheduled, (await chat.App.PollAsync(id)).Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendAll));
        Assert.All(followers, f =>
        {
            var message = Assert.Single(chat.WeChat.State.MessagesFor(f));
            Assert.Contains("2026年度和谐企业评选", message.Text);
            Assert.Contains("回复“投票”", message.Text);
        });
        Assert.Equal(PollStatus.Open, (await chat.App.PollAsync(id)).Status);

        _clock.Advance(TimeSpan.FromHours(1));
        await RunTwiceAtOnceAsync(chat);
        Assert.Equal(PollStatus.Closed, (await chat.App.PollAsync(id)).Status);
        Assert.Equal(1, chat.WeChat.State.CallCount(SendAll));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(2, chat.WeChat.State.CallCount(SendAll));
        Assert.All(followers, f => Assert.Contains("投票结果", chat.WeChat.State.MessagesFor(f)[1].Text));
        Assert.False((await chat.App.PollAsync(id)).ResultsPending);
    }

    [Fact]
    public async Task A_poll_for_registered_members_is_announced_once_to_exactly_them_by_openid_list()
    {
        await using var chat = await StartAsync();
        var registered = Enumerable.Range(0, 3).Select(i => PollKit.Member("Reg", i)).ToList();
        var other = PollKit.Member("NotReg", 1);
        foreach (var openId in registered.Append(other))
        {
            chat.WeChat.State.AddFollower(openId);
            await chat.App.SaveMemberAsync(new Member { OpenId = openId, Following = true, Registered = openId != other });
        }
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.Zero).With("audience", "registered").With("channel", "mass"));

        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendToList));
        Assert.Equal(0, chat.WeChat.State.CallCount(SendAll));
        Assert.All(registered, r => Assert.Single(chat.WeChat.State.MessagesFor(r)));
        Assert.Empty(chat.WeChat.State.MessagesFor(other));
        Assert.Equal(3, (await chat.App.PollAsync(id)).AudienceSize);
    }

    [Fact]
    public async Task A_poll_awaiting_approval_is_not_opened_or_announced_until_approved()
    {
        await using var chat = await StartAsync();
        chat.WeChat.State.AddFollower(PollKit.Member("Wait", 1));
        var created = await (await chat.Http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, Body(opensIn: TimeSpan.Zero).With("channel", "mass")))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        _clock.Advance(TimeSpan.FromMinutes(5));
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(0, chat.WeChat.State.CallCount(SendAll));
        Assert.Equal(PollStatus.AwaitingApproval, (await chat.App.PollAsync(id)).Status);

        await (await chat.Http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Alice)).JsonAsync(HttpStatusCode.OK);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendAll));
        Assert.Equal(PollStatus.Open, (await chat.App.PollAsync(id)).Status);
    }

    [Fact]
    public async Task An_announcement_that_failed_for_now_is_sent_by_the_next_run_and_reaches_each_member_once()
    {
        await using var chat = await StartAsync();
        var follower = PollKit.Member("Retry", 1);
        chat.WeChat.State.AddFollower(follower);
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.Zero).With("channel", "mass"));
        chat.WeChat.State.FailNext(SendAll, -1, times: 10);

        await RunAsync(chat);
        Assert.Empty(chat.WeChat.State.MessagesFor(follower));
        var detail = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("sending", detail.GetProperty("announcements")[0].GetProperty("state").GetString());

        await RunAsync(chat);
        await RunAsync(chat);

        Assert.Single(chat.WeChat.State.MessagesFor(follower));
        var after = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("sent", after.GetProperty("announcements")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_run_that_died_holding_an_announcement_is_taken_over_once_its_lease_lapses()
    {
        await using var chat = await StartAsync();
        var follower = PollKit.Member("Lease", 1);
        chat.WeChat.State.AddFollower(follower);
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.Zero).With("channel", "mass"));
        // A run claimed the announcement and then vanished without sending.
        var ledger = chat.App.Services.GetRequiredService<AnnouncementLedger>();
        Assert.NotNull(await ledger.TryClaimAsync(id, PollAnnouncer.OpeningKind, TimeSpan.FromMinutes(10), default));

        await RunTwiceAtOnceAsync(chat);
        Assert.Equal(0, chat.WeChat.State.CallCount(SendAll));

        _clock.Advance(TimeSpan.FromMinutes(11));
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendAll));
        Assert.Single(chat.WeChat.State.MessagesFor(follower));
        Assert.Equal(2, (await ledger.GetAsync(id, PollAnnouncer.OpeningKind, default))!.Attempts);
    }

    [Fact]
    public async Task Template_announcements_reach_each_member_of_the_audience_once_across_overlapping_runs()
    {
        await using var chat = await StartAsync(app => app.With("Polls:TemplateId", "tmpl-poll-open"));
        var members = Enumerable.Range(0, 4).Select(i => PollKit.Member("Tmpl", i)).ToList();
        foreach (var openId in members)
        {
            chat.WeChat.State.AddFollower(openId);
            await chat.App.SaveMemberAsync(new Member { OpenId = openId, Following = true, Registered = true });
        }
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.Zero).With("audience", "registered").With("channel", "template"));

        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(4, chat.WeChat.State.CallCount("/cgi-bin/message/template/send"));
        Assert.All(members, m => Assert.Contains("2026年度和谐企业评选", Assert.Single(chat.WeChat.State.MessagesFor(m)).Text));
        var detail = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, detail.GetProperty("announcements")[0].GetProperty("recipients").GetInt32());
    }

    private Task<ChatHarness> StartAsync(Action<AppFactory>? configure = null) =>
        ChatHarness.StartAsync(azurite, configure: app =>
        {
            app.WithStaff().WithServices(s => s.AddSingleton<TimeProvider>(_clock));
            configure?.Invoke(app);
        });

    private Dictionary<string, object?> Body(TimeSpan opensIn) => PollKit.Body(_clock.GetUtcNow())
        .With("opensAt", _clock.GetUtcNow() + opensIn)
        .With("closesAt", _clock.GetUtcNow() + opensIn + TimeSpan.FromHours(1));

    private static async Task RunTwiceAtOnceAsync(ChatHarness chat) => await Task.WhenAll(RunAsync(chat), RunAsync(chat));

    private static async Task RunAsync(ChatHarness chat)
    {
        // As the host's polls function runs it; a failure throws the job's own exception.
        await chat.App.Services.GetRequiredService<TimerRunner>().RunAsync(PollTimer.Name, CancellationToken.None);
    }
}
