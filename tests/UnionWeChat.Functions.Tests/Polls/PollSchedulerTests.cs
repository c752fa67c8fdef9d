using System.Net;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class PollSchedulerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Announcements are notices: mass sends go to openid lists (never sendall), so 退订 and the monthly limit apply.
    private const string SendAll = "/cgi-bin/message/mass/sendall";
    private const string SendToList = "/cgi-bin/message/mass/send";
    private readonly ManualTimeProvider _clock = new(PollKit.Now);

    [Fact]
    public async Task Two_overlapping_timer_runs_send_the_opening_and_the_results_announcement_once_each()
    {
        await using var chat = await StartAsync();
        string[] followers = [PollKit.Member("Mass", 1), PollKit.Member("Mass", 2), PollKit.Member("Mass", 3)];
        await FollowAsync(chat, followers);
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.FromMinutes(1)).With("channel", "mass").With("announceResults", true));

        await RunTwiceAtOnceAsync(chat);
        Assert.Equal(0, chat.WeChat.State.CallCount(SendToList));
        Assert.Equal(PollStatus.Scheduled, (await chat.App.PollAsync(id)).Status);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendToList));
        Assert.Equal(0, chat.WeChat.State.CallCount(SendAll));
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
        Assert.Equal(1, chat.WeChat.State.CallCount(SendToList));

        _clock.Advance(TimeSpan.FromSeconds(31));
        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(2, chat.WeChat.State.CallCount(SendToList));
        Assert.All(followers, f => Assert.Contains("投票结果", chat.WeChat.State.MessagesFor(f)[1].Text));
        Assert.False((await chat.App.PollAsync(id)).ResultsPending);
        var notices = await chat.App.Services.GetRequiredService<NoticeStore>().ListAsync(CancellationToken.None);
        Assert.Equal(
            [PollAnnouncements.NoticeIdFor(id, PollAnnouncements.OpeningKind), PollAnnouncements.NoticeIdFor(id, PollAnnouncements.ResultsKind)],
            notices.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.All(notices, n => Assert.Equal(NoticeStatus.Completed, n.Status));
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
        await FollowAsync(chat, PollKit.Member("Wait", 1), PollKit.Member("Wait", 2));
        var created = await (await chat.Http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, Body(opensIn: TimeSpan.Zero).With("channel", "mass")))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        _clock.Advance(TimeSpan.FromMinutes(5));
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(0, chat.WeChat.State.CallCount(SendToList));
        Assert.Equal(PollStatus.AwaitingApproval, (await chat.App.PollAsync(id)).Status);

        await (await chat.Http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Alice)).JsonAsync(HttpStatusCode.OK);
        await RunTwiceAtOnceAsync(chat);

        Assert.Equal(1, chat.WeChat.State.CallCount(SendToList));
        Assert.Equal(PollStatus.Open, (await chat.App.PollAsync(id)).Status);
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
        // Only keyword fields, as WeChat shows them today: no first or remark, one line, within each keyword's limit.
        Assert.All(chat.WeChat.State.MessagesFor(members[0]), message =>
        {
            using var body = System.Text.Json.JsonDocument.Parse(message.BodyJson);
            var fields = body.RootElement.GetProperty("data").EnumerateObject().ToList();
            Assert.Equal(["thing1", "time2", "thing3"], fields.Select(f => f.Name));
            Assert.All(fields, f => Assert.Null(UnionWeChat.Functions.Outbound.TemplateKeywords.Problem(f.Name, f.Value.GetProperty("value").GetString()!)));
        });
        var detail = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        var opening = detail.GetProperty("announcements")[0];
        Assert.Equal(4, opening.GetProperty("recipients").GetInt32());
        Assert.Equal("completed", opening.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_poll_for_a_tag_is_announced_to_exactly_the_followers_WeChat_has_in_that_tag_and_they_may_vote()
    {
        await using var chat = await StartAsync(app => app.With("Polls:TemplateId", "tmpl-poll-open"));
        var drivers = Enumerable.Range(0, 3).Select(i => PollKit.Member("TagD", i)).ToList();
        var others = Enumerable.Range(0, 2).Select(i => PollKit.Member("TagO", i)).ToList();
        foreach (var openId in drivers.Concat(others))
        {
            // Tagged at WeChat's side only, as staff do it in the WeChat admin console: our profiles know no tags.
            chat.WeChat.State.AddFollower(openId, tags: drivers.Contains(openId) ? ["快递员"] : ["其他"]);
            await chat.App.SaveMemberAsync(new Member { OpenId = openId, Following = true });
        }
        var id = await chat.Http.CreateApprovedAsync(Body(opensIn: TimeSpan.Zero)
            .With("audience", "tags").With("tags", new[] { "快递员" }).With("channel", "template"));

        await RunTwiceAtOnceAsync(chat);
        await RunTwiceAtOnceAsync(chat);

        var reached = chat.WeChat.State.Sends.Where(s => s.Channel == UnionWeChat.WeChat.Simulator.SendChannel.Template).Select(s => s.OpenId).Order().ToList();
        Assert.Equal(drivers.Order(), reached);
        var detail = await (await chat.Http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, detail.GetProperty("audienceSize").GetInt32());
        Assert.True((await chat.App.PollAsync(id)).Audience.Includes(await chat.App.Services.GetRequiredService<MemberStore>().GetAsync(drivers[0], CancellationToken.None)));
        Assert.False((await chat.App.PollAsync(id)).Audience.Includes(await chat.App.Services.GetRequiredService<MemberStore>().GetAsync(others[0], CancellationToken.None)));
    }

    private Task<ChatHarness> StartAsync(Action<AppFactory>? configure = null) =>
        ChatHarness.StartAsync(azurite, configure: app =>
        {
            app.WithStaff().With("Notices:Buckets", "4").With("Notices:RequestsPerSecond", "1000")
                .WithServices(s => s.AddSingleton<TimeProvider>(_clock));
            configure?.Invoke(app);
        });

    private Dictionary<string, object?> Body(TimeSpan opensIn) => PollKit.Body(_clock.GetUtcNow())
        .With("opensAt", _clock.GetUtcNow() + opensIn)
        .With("closesAt", _clock.GetUtcNow() + opensIn + TimeSpan.FromHours(1));

    /// <summary>The polls timer twice at once, then the notices timer (which sends the announcements) twice at once.</summary>
    private static async Task RunTwiceAtOnceAsync(ChatHarness chat)
    {
        await Task.WhenAll(RunAsync(chat, PollTimer.Name), RunAsync(chat, PollTimer.Name));
        await Task.WhenAll(RunAsync(chat, NoticeTimer.Name), RunAsync(chat, NoticeTimer.Name));
    }

    private static async Task RunAsync(ChatHarness chat, string timer)
    {
        // As the host's function runs it; a failure throws the job's own exception.
        await chat.App.Services.GetRequiredService<TimerRunner>().RunAsync(timer, CancellationToken.None);
    }

    // Followers on WeChat's side and in the members table, where Notices finds an audience.
    private static async Task FollowAsync(ChatHarness chat, params string[] openIds)
    {
        foreach (var openId in openIds)
        {
            chat.WeChat.State.AddFollower(openId);
            await chat.App.SaveMemberAsync(new Member { OpenId = openId, Following = true });
        }
    }
}
