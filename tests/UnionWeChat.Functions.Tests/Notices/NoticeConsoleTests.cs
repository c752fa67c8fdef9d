using System.Net;
using System.Text.Json;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;
using static UnionWeChat.Functions.Tests.Notices.NoticeConsole;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>
/// The notices' console pages over HTTP, on a real Azurite and the fake WeChat server: compose, approve, pause, and
/// the preview and report against what WeChat received (the browser test walks the same path in Chromium).
/// </summary>
public sealed class NoticeConsoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_notice_composed_in_the_console_is_stored_with_the_fields_typed()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(2, "oCompose", tags: "快递员");
        using var tina = await SignInAsync(notices, "tina");
        var token = await tina.TokenFromAsync($"{Root}/new");
        var sendAt = TimeProvider.System.GetUtcNow().AddDays(2);

        using var response = await PostAsync(tina, $"{Root}/new", Form(token,
            ("kw", "thing1"), ("kv", "{title}"), ("kw", "time3"), ("kv", "12月5日前"),
            ("essential", "on"), ("sendAt", SendAt(sendAt)), ("url", "https://union.example.cn/winter")));

        var id = CreatedId(response);
        var notice = (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(("冬送温暖", "慰问金申领开始", NoticeChannel.Template, "tina"), (notice.Title, notice.Body, notice.Channel, notice.CreatedBy));
        Assert.Equal("TPL_notice_01", notice.Template!.TemplateId);
        Assert.Equal([("thing1", "{title}"), ("time3", "12月5日前")], notice.Template.Data.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal("https://union.example.cn/winter", notice.Template.Url);
        Assert.Equal(AudienceKind.Tags, notice.Audience.Kind);
        Assert.Equal(["快递员"], notice.Audience.Tags);
        Assert.True(notice.Essential);
        // The form has minutes only, in Beijing time.
        Assert.Equal(sendAt.ToUnixTimeSeconds() / 60, notice.SendAt.ToUnixTimeSeconds() / 60);
        Assert.Equal(NoticeStatus.Scheduled, notice.Status);

        var page = await tina.PageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("通知已保存", page, StringComparison.Ordinal);
        Assert.Equal([("thing1", "冬送温暖"), ("time3", "12月5日前")], Preview(page));
        Assert.Contains("冬送温暖", await tina.PageAsync(Root), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title", "", "", "必填，最多 64 个字符")]
    [InlineData("kw", "first", "{title}", "不再显示")]
    [InlineData("kw", "thing2", "这一段文字写得太长了，微信模板消息的一个字段只显示二十个字", "最多显示 20 个字")]
    [InlineData("tags", "没有这个标签", "", "微信公众号没有这些标签：没有这个标签")]
    public async Task A_bad_form_shows_again_with_the_reason_next_to_the_field_and_stores_nothing(string field, string value, string keywordValue, string reason)
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(1, "oBadForm", tags: "快递员");
        using var tina = await SignInAsync(notices, "tina");
        var token = await tina.TokenFromAsync($"{Root}/new");
        var change = field == "kw" ? new[] { ("kw", value), ("kv", keywordValue) } : [(field, value)];

        using var response = await PostAsync(tina, $"{Root}/new", Form(token, [.. change, ("openids", "typed-and-kept")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"<p class=\"field-error\">[^<]*{System.Text.RegularExpressions.Regex.Escape(reason)}[^<]*</p>", html);
        Assert.Contains("通知没有保存", html, StringComparison.Ordinal);
        // What was typed is still there, to correct rather than retype.
        Assert.Contains(">typed-and-kept</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"TPL_notice_01\"", html, StringComparison.Ordinal);
        Assert.Empty(await notices.Service<NoticeStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_form_without_the_anti_forgery_token_is_refused_and_stores_nothing()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(1, "oForged", tags: "快递员");
        using var tina = await SignInAsync(notices, "tina");

        using var response = await PostAsync(tina, $"{Root}/new", Form("").Where(f => f.Key != "_form"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("页面已过期或来源不明", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await notices.Service<NoticeStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_viewer_reads_notices_but_sees_no_compose_or_approve_button_and_is_refused_posting()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(2, "oViewer");
        var id = await notices.CreateAsync(new
        {
            title = "全体通知", body = "工会服务站元旦照常开放", audience = new { kind = "all" }, channel = "mass",
        }, staff: "alice");
        using var vic = await SignInAsync(notices, "vic");
        var token = await vic.TokenFromAsync(Root);

        var list = await vic.PageAsync(Root);
        var page = await vic.PageAsync($"{Root}/{id}");
        using var composePage = await vic.Http.GetAsync($"{Root}/new");
        using var compose = await PostAsync(vic, $"{Root}/new", Form(token, ("audience", "openids"), ("openids", string.Join("\n", members))));
        using var approve = await PostAsync(vic, $"{Root}/{id}/approve", [new("_form", token)]);
        using var cancel = await PostAsync(vic, $"{Root}/{id}/cancel", [new("_form", token)]);

        Assert.Contains("全体通知", list, StringComparison.Ordinal);
        Assert.DoesNotContain("新建通知", list, StringComparison.Ordinal);
        Assert.Contains("工会服务站元旦照常开放", page, StringComparison.Ordinal);
        Assert.Contains("需要一位管理员（不是发起人）批准", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<button type=\"submit\"", page.Replace("title=\"退出\"", "", StringComparison.Ordinal)[page.IndexOf("<main>", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [composePage.StatusCode, compose.StatusCode, approve.StatusCode, cancel.StatusCode]);
        var stored = Assert.Single(await notices.Service<NoticeStore>().ListAsync(CancellationToken.None));
        Assert.Equal(NoticeStatus.AwaitingApproval, stored.Status);
    }

    [Fact]
    public async Task The_creator_cannot_approve_their_own_notice_to_everyone_and_a_second_admin_can()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(2, "oSecond");
        using var alice = await SignInAsync(notices, "alice");
        using var bob = await SignInAsync(notices, "bob");
        using var created = await PostAsync(alice, $"{Root}/new", Form(await alice.TokenFromAsync($"{Root}/new"), ("audience", "all")));
        var id = CreatedId(created);

        var alicePage = await alice.PageAsync($"{Root}/{id}");
        using var own = await PostAsync(alice, $"{Root}/{id}/approve", [new("_form", await alice.TokenFromAsync($"{Root}/{id}"))]);
        var ownRefusal = await own.Content.ReadAsStringAsync();
        var bobPage = await bob.PageAsync($"{Root}/{id}");
        using var second = await PostAsync(bob, $"{Root}/{id}/approve", [new("_form", await bob.TokenFromAsync($"{Root}/{id}"))]);

        Assert.Contains("不能由你批准：发起人不能审批自己的通知", alicePage, StringComparison.Ordinal);
        Assert.DoesNotContain(">批准</button>", alicePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("没有批准：发起人不能审批自己的通知", ownRefusal, StringComparison.Ordinal);
        Assert.Contains(">批准</button>", bobPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        var notice = (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((NoticeStatus.Scheduled, "bob"), (notice.Status, notice.ApprovedBy));
        Assert.Contains("已批准", await bob.PageAsync(second.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_is_what_WeChat_receives_and_the_report_counts_each_outcome_after_sending()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var drivers = await notices.FollowersAsync(2, "oReport", tags: "快递员");
        await notices.FollowersAsync(1, "oReportOut", optedOut: true, tags: "快递员");
        using var tina = await SignInAsync(notices, "tina");
        using var created = await PostAsync(tina, $"{Root}/new", Form(await tina.TokenFromAsync($"{Root}/new"), ("kw", "thing1"), ("kv", "{title}"),
            ("kw", "thing2"), ("kv", "{body}"), ("kw", "time3"), ("kv", "12月5日前")));
        var id = CreatedId(created);
        var preview = Preview(await tina.PageAsync($"{Root}/{id}"));

        for (var run = 0; run < 5 && (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!.Status != NoticeStatus.Completed; run++)
        {
            await notices.SendAsync();
        }

        var sends = notices.WeChat.State.Sends.Where(s => s.Channel == SendChannel.Template).ToList();
        Assert.Equal(drivers.Order(), sends.Select(s => s.OpenId).Order());
        Assert.All(sends, send =>
        {
            using var body = JsonDocument.Parse(send.BodyJson);
            Assert.Equal(preview, body.RootElement.GetProperty("data").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("value").GetString()!)).ToList());
        });
        var report = await tina.PageAsync($"{Root}/{id}");
        Assert.Contains("<h2>送达报告</h2>", report, StringComparison.Ordinal);
        Assert.Equal((2, 0, 0, 1, 0), (Figure(report, "已发送"), Figure(report, "发送失败"), Figure(report, "未确认"), Figure(report, "已跳过"), Figure(report, "待发送")));
        Assert.Contains("发送完成", report, StringComparison.Ordinal);
        Assert.Contains("已发送 2 · 失败 0 · 未确认 0 · 跳过 1 / 共 3", await tina.PageAsync(Root), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_still_sending_shows_its_progress_and_reloads_itself_until_paused()
    {
        // A daily quota of one: the first run sends one and the notice stays sending until tomorrow.
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app.With("Notices:TemplateDailyQuota", "1"));
        await notices.FollowersAsync(3, "oProgress", tags: "快递员");
        using var tina = await SignInAsync(notices, "tina");
        var id = CreatedId(await PostAsync(tina, $"{Root}/new", Form(await tina.TokenFromAsync($"{Root}/new"))));
        await notices.SendAsync();
        await notices.SendAsync();

        using var sending = await tina.Http.GetAsync($"{Root}/{id}");
        var html = await sending.Content.ReadAsStringAsync();
        Assert.Equal(NoticeStatus.Sending, (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal("10", Assert.Single(sending.Headers.GetValues("Refresh")));
        Assert.Contains("<progress class=\"bar\" max=\"3\" value=\"1\"", html, StringComparison.Ordinal);
        Assert.Equal((1, 2), (Figure(html, "已发送"), Figure(html, "待发送")));
        Assert.Contains(">刷新</a>", html, StringComparison.Ordinal);
        Assert.Contains("今日发送额度已用完", html, StringComparison.Ordinal);

        using var paused = await PostAsync(tina, $"{Root}/{id}/pause", [new("_form", await tina.TokenFromAsync($"{Root}/{id}"))]);
        using var after = await tina.Http.GetAsync(paused.Headers.Location!.OriginalString);
        var pausedHtml = await after.Content.ReadAsStringAsync();

        Assert.Equal(NoticeStatus.Paused, (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!.Status);
        Assert.False(after.Headers.Contains("Refresh"));
        Assert.Contains("发送进度（已暂停）", pausedHtml, StringComparison.Ordinal);
        Assert.Contains(">继续</button>", pausedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(">暂停</button>", pausedHtml, StringComparison.Ordinal);

        // A step the rule refuses (a second pause, from a page left open) is answered with the rule's reason.
        using var again = await PostAsync(tina, $"{Root}/{id}/pause", [new("_form", await tina.TokenFromAsync($"{Root}/{id}"))]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("没有暂停：只有待发送或发送中的通知可以暂停，当前为“已暂停”", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_offers_the_polls_and_a_notice_to_a_polls_audience_names_the_poll_picked()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app.WithServices(s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IPollAudience>(s, new TwoPolls())));
        using var tina = await SignInAsync(notices, "tina");

        var form = await tina.PageAsync($"{Root}/new");
        using var created = await PostAsync(tina, $"{Root}/new", Form(await tina.TokenFromAsync($"{Root}/new"), ("audience", "poll"), ("pollId", "p2")));

        Assert.Contains("<option value=\"p1\" >模范职工之家评选</option>", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"p2\" >食堂满意度</option>", form, StringComparison.Ordinal);
        var notice = (await notices.Service<NoticeStore>().GetAsync(CreatedId(created), CancellationToken.None))!;
        Assert.Equal((AudienceKind.Poll, "p2"), (notice.Audience.Kind, notice.Audience.PollId));
    }

    private sealed class TwoPolls : IPollAudience
    {
        public Task<bool> ExistsAsync(string pollId, CancellationToken ct) => Task.FromResult(pollId is "p1" or "p2");

        public IAsyncEnumerable<string> OpenIdsAsync(string pollId, CancellationToken ct) => AsyncEnumerable.Empty<string>();

        public Task<IReadOnlyList<PollChoice>> ChoicesAsync(CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<PollChoice>>([new("p1", "模范职工之家评选"), new("p2", "食堂满意度")]);
    }
}
