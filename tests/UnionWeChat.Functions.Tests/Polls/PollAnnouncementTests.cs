using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Tests.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>
/// Poll announcements are notices, and a poll's audience is a notice audience, all with production wiring (the
/// Polls feature's own <see cref="IPollAudience"/>) against the fake WeChat server and a shared clock.
/// </summary>
public sealed class PollAnnouncementTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int ClientRetries = 2;
    private readonly ManualTimeProvider _clock = new(PollKit.Now);

    [Fact]
    public async Task A_notice_to_a_polls_audience_reaches_exactly_that_audience()
    {
        await using var notices = await StartAsync();
        var workshop = await notices.FollowersAsync(3, "oShop", tags: "一车间");
        await notices.FollowersAsync(2, "oOffice", tags: "办公室");
        var pollId = await CreatePollAsync(notices, Poll().With("audience", "tags").With("tags", new[] { "一车间" }));

        await notices.CreateAsync(new
        {
            title = "投票提醒",
            body = "一车间评优投票今晚截止",
            audience = new { kind = "poll", pollId },
            channel = "template",
            template = new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}" } },
        });
        await notices.SendAsync();

        Assert.Equal(workshop.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
    }

    [Fact]
    public async Task A_notice_whose_audience_is_empty_is_refused_at_preflight_and_approval_refuses_it_with_the_reason()
    {
        await using var notices = await StartAsync();
        // The tag exists at WeChat, and its only follower has been taken off it.
        notices.WeChat.State.AddFollower("oUntaggedAtWeChat0000000001", tags: ["无人标签"]);
        await notices.Service<UnionWeChat.WeChat.Api.WeChatApiClient>().UntagUsersAsync(notices.WeChat.State.TagId("无人标签")!.Value, ["oUntaggedAtWeChat0000000001"]);
        var toNobody = await notices.CreateAsync(new { title = "夏送清凉", body = "到服务站领取", audience = new { kind = "tags", tags = new[] { "无人标签" } }, channel = "mass" });
        var toEveryone = await notices.CreateAsync(new { title = "冬送温暖", body = "到服务站领取", audience = new { kind = "all" }, channel = "mass" });

        await notices.SendAsync();

        foreach (var id in new[] { toNobody, toEveryone })
        {
            var notice = await notices.GetAsync(id);
            Assert.Equal("refused", notice.GetProperty("status").GetString());
            Assert.Equal(NoticeRefusal.AudienceEmptyCode, notice.GetProperty("refusal").GetProperty("code").GetString());
            Assert.Contains("没有可接收的关注者", notice.GetProperty("refusal").GetProperty("reason").GetString());
        }
        using var approve = await notices.Staff("alice").PostAsync($"/api/staff/notices/{toEveryone}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        var text = await NoticeHarness.TextAsync(approve);
        Assert.Contains(NoticeRefusal.AudienceEmptyCode, text);
        Assert.Contains("没有可接收的关注者", text);
        Assert.Empty(notices.WeChat.State.Sends);
    }

    [Fact]
    public async Task A_notice_whose_audience_empties_before_it_is_sent_is_refused_not_completed_for_nobody()
    {
        await using var notices = await StartAsync();
        var members = await notices.FollowersAsync(2, "oLeaver", tags: "临时组");
        var id = await notices.CreateAsync(new
        {
            title = "临时通知",
            body = "明天上午开会",
            audience = new { kind = "tags", tags = new[] { "临时组" } },
            channel = "mass",
            sendAt = _clock.GetUtcNow().AddMinutes(10),
        });
        await notices.SendAsync();
        Assert.Equal(2, (await notices.GetAsync(id)).GetProperty("preflight").GetProperty("recipients").GetInt32());

        // Taken off the tag at WeChat, which holds the tags.
        await notices.Service<UnionWeChat.WeChat.Api.WeChatApiClient>().UntagUsersAsync(notices.WeChat.State.TagId("临时组")!.Value, [.. members]);
        _clock.Advance(TimeSpan.FromMinutes(11));
        await notices.SendAsync();
        await notices.SendAsync();

        var notice = await notices.GetAsync(id);
        Assert.Equal("refused", notice.GetProperty("status").GetString());
        Assert.Equal(NoticeRefusal.AudienceEmptyCode, notice.GetProperty("refusal").GetProperty("code").GetString());
        Assert.Empty(notices.WeChat.State.Sends);
    }

    [Fact]
    public async Task Approving_an_announced_poll_whose_audience_is_empty_is_refused_with_the_reason()
    {
        await using var notices = await StartAsync();
        var created = await (await notices.Staff("tina").PostAsJsonAsync("/api/staff/polls", Poll().With("channel", "mass")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;

        using var approve = await notices.Staff("bob").PostAsync($"/api/staff/polls/{id}/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        var text = await NoticeHarness.TextAsync(approve);
        Assert.Contains(NoticeRefusal.AudienceEmptyCode, text);
        Assert.Contains("投票对象中目前没有关注者", text);
        Assert.Equal(PollStatus.AwaitingApproval, (await notices.App.PollAsync(id)).Status);
    }

    [Fact]
    public async Task A_poll_announcement_to_an_audience_that_is_empty_when_it_opens_is_refused_and_the_poll_shows_why()
    {
        await using var notices = await StartAsync();
        var id = await CreatePollAsync(notices, Poll().With("audience", "tags").With("tags", new[] { "无人车间" }).With("channel", "mass"));

        await RunPollsAndNoticesAsync(notices);

        using var detail = await notices.Staff("vic").GetAsync($"/api/staff/polls/{id}");
        var opening = (await detail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("announcements")[0];
        Assert.Equal("refused", opening.GetProperty("status").GetString());
        Assert.Equal(NoticeRefusal.AudienceEmptyCode, opening.GetProperty("refusalCode").GetString());
        Assert.Empty(notices.WeChat.State.Sends);
    }

    [Fact]
    public async Task A_poll_announcement_whose_answer_was_lost_is_not_sent_again_by_later_timer_runs()
    {
        await using var notices = await StartAsync(app => app
            .With("Polls:TemplateId", "tmpl-poll-open")
            .With("Notices:SendConcurrency", "1")
            .WithServices(s => s.PostConfigure<WeChatApiOptions>(o =>
            {
                o.RequestTimeout = TimeSpan.FromSeconds(2);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                o.MaxRetries = ClientRetries;
            })));
        var members = await notices.FollowersAsync(3, "oLost", tags: "二车间");
        // Every attempt is delivered and its answer lost: the send's outcome is unknown.
        notices.WeChat.State.LoseAnswersTo(members[1], ClientRetries + 1);
        var id = await CreatePollAsync(notices, Poll().With("audience", "tags").With("tags", new[] { "二车间" }).With("channel", "template"));

        await RunPollsAndNoticesAsync(notices);
        // Past WeChat's 10-minute client_msg_id window, where a repeat would reach the member a second time.
        _clock.Advance(TimeSpan.FromMinutes(11));
        await RunPollsAndNoticesAsync(notices);
        await RunPollsAndNoticesAsync(notices);

        Assert.All(members, m => Assert.Single(notices.WeChat.State.MessagesFor(m)));
        var noticeId = PollAnnouncements.NoticeIdFor(id, PollAnnouncements.OpeningKind);
        Assert.Equal([members[1]], (await notices.RowsAsync(noticeId, RecipientState.Unconfirmed)).Select(r => r.OpenId));
        Assert.Equal("completed", (await notices.GetAsync(noticeId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_poll_announcement_skips_members_who_opted_out_and_members_at_their_monthly_mass_limit()
    {
        await using var notices = await StartAsync();
        var reached = await notices.FollowersAsync(2, "oReach", tags: "三车间");
        var optedOut = await notices.FollowersAsync(1, "oQuiet", optedOut: true, tags: "三车间");
        var full = await notices.FollowersAsync(1, "oFull", tags: "三车间");
        var month = NoticeKeys.Month(_clock.GetUtcNow());
        foreach (var earlier in new[] { "202601010000aaaaa1", "202601010000aaaaa2", "202601010000aaaaa3", "202601010000aaaaa4" })
        {
            await notices.Service<MassBudget>().RecordAsync(month, earlier, full, CancellationToken.None);
        }
        var id = await CreatePollAsync(notices, Poll().With("audience", "tags").With("tags", new[] { "三车间" }).With("channel", "mass"));

        await RunPollsAndNoticesAsync(notices);
        await RunPollsAndNoticesAsync(notices);

        Assert.All(reached, m => Assert.Contains("2026年度和谐企业评选", Assert.Single(notices.WeChat.State.MessagesFor(m)).Text));
        Assert.Empty(notices.WeChat.State.MessagesFor(optedOut[0]));
        Assert.Empty(notices.WeChat.State.MessagesFor(full[0]));
        var skipped = await notices.RowsAsync(PollAnnouncements.NoticeIdFor(id, PollAnnouncements.OpeningKind), RecipientState.Skipped);
        Assert.Equal(
            [(full[0], AudienceResolver.OverMassBudget), (optedOut[0], AudienceResolver.OptedOut)],
            skipped.Select(r => (r.OpenId, r.Reason)).OrderBy(r => r.OpenId, StringComparer.Ordinal));
    }

    private Task<NoticeHarness> StartAsync(Action<AppFactory>? configure = null) =>
        NoticeHarness.StartAsync(azurite, _clock, configure);

    private Dictionary<string, object?> Poll() => PollKit.Body(_clock.GetUtcNow());

    /// <summary>Creates a poll as tina (triage) and, when it needs approval, has bob approve it.</summary>
    private static async Task<string> CreatePollAsync(NoticeHarness notices, Dictionary<string, object?> body)
    {
        using var response = await notices.Staff("tina").PostAsJsonAsync("/api/staff/polls", body);
        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        if (created.GetProperty("status").GetString() == "awaiting-approval")
        {
            await (await notices.Staff("bob").PostAsync($"/api/staff/polls/{id}/approve", null)).JsonAsync(HttpStatusCode.OK);
        }
        return id;
    }

    /// <summary>The polls timer twice at once (it publishes the announcements), then the notices timer twice at once (it sends them).</summary>
    private static async Task RunPollsAndNoticesAsync(NoticeHarness notices)
    {
        var timers = notices.Service<TimerRunner>();
        await Task.WhenAll(timers.RunAsync(PollTimer.Name, CancellationToken.None), timers.RunAsync(PollTimer.Name, CancellationToken.None));
        await Task.WhenAll(notices.SendAsync(), notices.SendAsync());
    }
}
