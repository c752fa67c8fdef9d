using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

public sealed class NoticeApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static object ToEveryone(string channel = "template") => new
    {
        title = "冬送温暖",
        body = "困难职工慰问金申领开始",
        article = new { title = "申领指南", description = "材料与流程", url = "https://union.example.cn/winter" },
        audience = new { kind = "all" },
        channel,
        template = channel == "template" ? new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}" } } : null,
    };

    [Fact]
    public async Task A_notice_to_everyone_waits_for_a_second_admin_and_its_creator_cannot_approve_it()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(3);
        var id = await notices.CreateAsync(ToEveryone(), staff: "alice");
        Assert.Equal("awaiting-approval", (await notices.GetAsync(id)).GetProperty("status").GetString());

        await notices.SendAsync();
        Assert.Empty(notices.WeChat.State.Sends);

        using (var own = await notices.Staff("alice").PostAsync($"/api/staff/notices/{id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
            Assert.Contains("发起人不能审批", await NoticeHarness.TextAsync(own));
        }
        using (var triage = await notices.Staff("tina").PostAsync($"/api/staff/notices/{id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, triage.StatusCode);
        }
        Assert.Equal("awaiting-approval", (await notices.GetAsync(id)).GetProperty("status").GetString());

        using (var approved = await notices.Staff("bob").PostAsync($"/api/staff/notices/{id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var view = await approved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("scheduled", "bob"), (view.GetProperty("status").GetString(), view.GetProperty("approvedBy").GetString()));
        }
        using (var again = await notices.Staff("bob").PostAsync($"/api/staff/notices/{id}/approve", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        await notices.SendAsync();
        Assert.Equal(3, notices.WeChat.State.Sends.Count);
    }

    [Fact]
    public async Task A_notice_to_a_tag_needs_no_approval_and_reaches_only_that_tag()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var drivers = await notices.FollowersAsync(2, "oDriver", tags: "快递员");
        await notices.FollowersAsync(2, "oOther");
        var id = await notices.CreateAsync(new
        {
            title = "快递员专场",
            body = "新就业形态劳动者入会",
            audience = new { kind = "tags", tags = new[] { "快递员" } },
            channel = "template",
            template = new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}" } },
        });

        await notices.SendAsync();

        Assert.Equal("completed", (await notices.GetAsync(id)).GetProperty("status").GetString());
        Assert.Equal(drivers.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_per_field_and_creates_nothing()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var staff = notices.Staff("tina");

        using var response = await staff.PostAsJsonAsync("/api/staff/notices", new
        {
            title = "",
            audience = new { kind = "openids", openIds = new[] { "not an openid!" } },
            channel = "fax",
            sendAt = TimeProvider.System.GetUtcNow().AddDays(-3),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(
            ["audience.openIds", "body", "channel", "sendAt", "title"],
            errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Empty(await staff.GetFromJsonAsync<JsonElement[]>("/api/staff/notices") ?? []);

        using var noTemplate = await staff.PostAsJsonAsync("/api/staff/notices", new { title = "t", body = "b", audience = new { kind = "all" }, channel = "template" });
        Assert.Contains("template", (await noTemplate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        // Polls' own audience hook is wired in production: a poll that does not exist is named as such.
        using var poll = await staff.PostAsJsonAsync("/api/staff/notices", new { title = "t", body = "b", audience = new { kind = "poll", pollId = "p1" }, channel = "custom" });
        Assert.Contains("没有这个投票", await NoticeHarness.TextAsync(poll));

        using var lonelyMass = await staff.PostAsJsonAsync("/api/staff/notices", new { title = "t", body = "b", audience = new { kind = "openids", openIds = new[] { "oLonely000000000000000000001" } }, channel = "mass" });
        Assert.Contains("群发至少需要 2 个接收者", await NoticeHarness.TextAsync(lonelyMass));
    }

    [Fact]
    public async Task Viewers_read_but_cannot_create_and_unknown_notices_are_not_found()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(1);

        using var viewer = await notices.Staff("vic").PostAsJsonAsync("/api/staff/notices", NoticeHarness.Template(members));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        using var anonymous = await notices.App.CreateClient().GetAsync("/api/staff/notices");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var missing = await notices.Staff("vic").GetAsync("/api/staff/notices/202611210900abcdef");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var odd = await notices.Staff("tina").PostAsync("/api/staff/notices/..%2Fetc/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, odd.StatusCode);

        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        var list = await notices.Staff("vic").GetFromJsonAsync<JsonElement[]>("/api/staff/notices");
        Assert.Equal(id, Assert.Single(list!).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_scheduled_notice_waits_for_its_time_and_shows_its_reach_and_estimate_before_it_goes()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock);
        var members = await notices.FollowersAsync(4);
        var quiet = await notices.FollowersAsync(1, "oQuiet", optedOut: true);
        var sendAt = clock.GetUtcNow().AddHours(2);
        var id = await notices.CreateAsync(NoticeHarness.Template([.. members, .. quiet], sendAt: sendAt));
        Assert.Contains("接收人数尚在统计中", (await notices.GetAsync(id)).GetProperty("warnings")[0].GetString());

        await notices.SendAsync();

        var waiting = await notices.GetAsync(id);
        Assert.Equal("scheduled", waiting.GetProperty("status").GetString());
        Assert.Empty(notices.WeChat.State.Sends);
        Assert.Equal((5, 1), (waiting.GetProperty("preflight").GetProperty("recipients").GetInt32(), waiting.GetProperty("preflight").GetProperty("optedOut").GetInt32()));
        Assert.Contains("1 名成员已退订", waiting.GetProperty("warnings")[0].GetString());
        Assert.True(waiting.GetProperty("progress").GetProperty("estimatedCompletion").GetDateTimeOffset() >= sendAt);

        clock.Advance(TimeSpan.FromHours(2));
        await notices.SendAsync();

        var done = await notices.GetAsync(id);
        Assert.Equal(("completed", 4, 1), (done.GetProperty("status").GetString(), NoticeHarness.Count(done, "sent"), NoticeHarness.Count(done, "skipped")));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("progress").GetProperty("estimatedCompletion").ValueKind);
    }

    [Fact]
    public async Task Only_notices_that_have_not_finished_can_be_paused_resumed_or_cancelled()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(2);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        var staff = notices.Staff("tina");

        using (var resume = await staff.PostAsync($"/api/staff/notices/{id}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        }
        await notices.SendAsync();
        using (var pause = await staff.PostAsync($"/api/staff/notices/{id}/pause", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, pause.StatusCode);
        }
        using (var cancel = await staff.PostAsync($"/api/staff/notices/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
            Assert.Contains("发送完成", await NoticeHarness.TextAsync(cancel));
        }
        Assert.Equal("completed", (await notices.GetAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_poll_audience_comes_from_the_polls_hook_when_one_is_registered()
    {
        var poll = new FixedPoll();
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app.WithServices(s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IPollAudience>(s, poll)));
        var members = await notices.FollowersAsync(3);
        poll.Voters = [members[0], members[2]];

        using var unknownPoll = await notices.Staff("tina").PostAsJsonAsync("/api/staff/notices", new { title = "t", body = "b", audience = new { kind = "poll", pollId = "nope" }, channel = "custom" });
        Assert.Contains("没有这个投票", await NoticeHarness.TextAsync(unknownPoll));
        await notices.CreateAsync(new
        {
            title = "投票结果",
            body = "模范职工之家评选结果已公布",
            audience = new { kind = "poll", pollId = "p2026" },
            channel = "template",
            template = new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}" } },
        });

        await notices.SendAsync();

        Assert.Equal(poll.Voters.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
    }

    private sealed class FixedPoll : IPollAudience
    {
        public IReadOnlyList<string> Voters { get; set; } = [];

        public Task<bool> ExistsAsync(string pollId, CancellationToken ct) => Task.FromResult(pollId == "p2026");

        public IAsyncEnumerable<string> OpenIdsAsync(string pollId, CancellationToken ct) => Voters.ToAsyncEnumerable();

        public Task<IReadOnlyList<PollChoice>> ChoicesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<PollChoice>>([new("p2026", "模范职工之家评选")]);
    }
}
