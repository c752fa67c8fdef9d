using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

/// <summary>
/// Every console page an admin can reach from the menu and the queue, found by following links rather than listed,
/// so pages added later (polls, notices) are held to the same rule: usable on a 390 px phone and on a desktop without
/// sideways scrolling of the page, and no table label squeezed below two characters.
/// Set CONSOLE_SCREENSHOTS to a folder to keep a full-page screenshot of each page at each size (for looking, not asserting).
/// </summary>
public sealed class ConsoleLayoutCrawlTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    private const int MaxPages = 60;

    private static readonly (string Name, int Width, int Height)[] Screens = [("phone", 390, 844), ("desktop", 1280, 800)];

    // Measured in the page: the page's own sideways overflow, then each rendered th against the width of '中中' in
    // that cell's own font (content box, padding excluded: a one-character column with padding is still too narrow).
    private const string Measure = """
        () => {
          const problems = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
          const probe = document.createElement('span');
          probe.textContent = '中中';
          probe.style.position = 'absolute';
          probe.style.visibility = 'hidden';
          probe.style.whiteSpace = 'nowrap';
          document.body.appendChild(probe);
          for (const cell of document.querySelectorAll('table th')) {
            if (cell.getClientRects().length === 0) continue;
            const cs = getComputedStyle(cell);
            probe.style.fontFamily = cs.fontFamily;
            probe.style.fontSize = cs.fontSize;
            probe.style.fontWeight = cs.fontWeight;
            probe.style.letterSpacing = cs.letterSpacing;
            const two = probe.getBoundingClientRect().width;
            const content = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            if (content + 0.5 < two) problems.push(`label 「${cell.textContent.trim().slice(0, 20)}」 is ${content.toFixed(1)}px wide, less than two characters (${two.toFixed(1)}px)`);
          }
          probe.remove();
          for (const img of document.querySelectorAll('img')) {
            if (!img.complete || img.naturalWidth === 0) problems.push(`image ${img.getAttribute('src')} did not load`);
          }
          return problems;
        }
        """;

    // Same-origin console GET links, minus what is not a page: sign-out, exports and evidence bytes.
    private const string Links = """
        () => [...document.querySelectorAll('a[href]')].map(a => a.href)
        """;

    [Fact]
    public async Task Every_console_page_reachable_from_the_menu_and_the_queue_fits_a_phone_and_a_desktop_with_no_squeezed_label()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup --with-browser");
        await using var wechat = await FakeWeChatServer.StartAsync();
        await using var app = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString, wechat.BaseUrl.ToString()));
        var port = FreePort.Next();
        app.UseKestrel(port);
        app.StartServer();
        var site = $"http://127.0.0.1:{port}";
        var seeded = await SeedAsync(app);
        var shots = Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOTS");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            // A Content-Security-Policy violation (a blocked style, script, image or recording) is reported here.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (blocked)
                {
                    blocked.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        await page.GotoAsync($"{site}/api/console/signin");
        await page.FillAsync("#key", StaffDesk.Admin);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync($"{site}/api/console/");

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var crawled = new List<string>();
        var queue = new Queue<string>([$"{site}/api/console/"]);
        seen.Add(Pattern(new Uri($"{site}/api/console/")));
        var images = 0;
        while (queue.Count > 0 && crawled.Count < MaxPages)
        {
            var url = queue.Dequeue();
            // Asked first without the browser: Chromium shows no page for an error with an empty body (a menu entry
            // whose pages are not built yet, a bare 404), and such an answer has nothing to lay out.
            var asked = await page.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });
            var html = asked.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal);
            crawled.Add($"{new Uri(url).PathAndQuery} {asked.Status}");
            Assert.True(asked.Status < 500, $"{url} answered {asked.Status}");
            if (!html)
            {
                continue;
            }
            var response = await page.GotoAsync(url);
            Assert.True(response?.Status == asked.Status, $"{url} answered the browser {response?.Status}, and {asked.Status} before");
            images += await page.Locator("img").CountAsync();
            foreach (var (name, width, height) in Screens)
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var problem in await page.EvaluateAsync<string[]>(Measure))
                {
                    problems.Add($"{new Uri(url).PathAndQuery} at {width}px: {problem}");
                }
                if (shots is { Length: > 0 })
                {
                    Directory.CreateDirectory(shots);
                    var file = string.Concat(Pattern(new Uri(url)).Select(ch => char.IsLetterOrDigit(ch) ? ch : '_')).Trim('_');
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"{file}-{name}.png"), FullPage = true });
                }
            }
            await page.SetViewportSizeAsync(Screens[0].Width, Screens[0].Height);
            foreach (var link in await page.EvaluateAsync<string[]>(Links))
            {
                if (Uri.TryCreate(link, UriKind.Absolute, out var target) && Follows(target, site) && seen.Add(Pattern(target)))
                {
                    queue.Enqueue(target.GetLeftPart(UriPartial.Query));
                }
            }
        }

        var visited = string.Join("\n", crawled);
        foreach (var expected in new[] { "/api/console/ ", "/api/console/cases/", "/api/console/stats", "/api/console/breaches", "/api/console/answers",
            $"/api/console/polls/{seeded.PollId} ", $"/api/console/notices/{seeded.NoticeId} " })
        {
            Assert.True(crawled.Any(c => c.StartsWith(expected, StringComparison.Ordinal) && c.EndsWith(" 200", StringComparison.Ordinal)),
                $"the crawl never reached {expected.Trim()}:\n{visited}");
        }
        Assert.True(images >= 1, $"no case page with a photo was crawled:\n{visited}");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n\ncrawled:\n" + visited);
        lock (blocked)
        {
            Assert.True(blocked.Count == 0, string.Join("\n", blocked));
        }
    }

    private static bool Follows(Uri target, string site) =>
        target.GetLeftPart(UriPartial.Authority) == site
        && target.AbsolutePath.StartsWith("/api/console/", StringComparison.Ordinal)
        && !target.AbsolutePath.EndsWith("/signout", StringComparison.Ordinal)
        && !target.AbsolutePath.EndsWith("/signin", StringComparison.Ordinal)
        && !target.AbsolutePath.EndsWith(".csv", StringComparison.Ordinal)
        && !target.AbsolutePath.Contains("/evidence/", StringComparison.Ordinal);

    // One visit per kind of page: case numbers and numeric ids collapse, and the query (filters, paging) is ignored.
    private static string Pattern(Uri url)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(url.AbsolutePath, @"(TS|QZ)-\d{8}-\d{4,}", "{number}");
        return System.Text.RegularExpressions.Regex.Replace(path, @"/\d+(?=/|$)", "/{n}");
    }

    /// <summary>A desk with something on every page: kinds, an anonymous case, a transfer, a breach, and photo and voice evidence.</summary>
    private static async Task<(string PollId, string NoticeId)> SeedAsync(AppFactory app)
    {
        var services = app.Services;
        var desk = services.CreateScope().ServiceProvider.GetRequiredService<CaseDesk>();
        var ct = CancellationToken.None;
        var now = TimeProvider.System.GetUtcNow();
        var old = await StaffDesk.CreateCaseAsync(app, "oWorkerCrawl00000000000001", "公司拖欠我三个月工资，多次讨要无果。", createdAt: now.AddDays(-9));
        await services.GetRequiredService<BreachLedger>().ClaimAsync(old, SlaBreachKind.FirstResponse, now.AddDays(-8), now, ct);
        await StaffDesk.CreateCaseAsync(app, "oWorkerCrawl00000000000002", "家中老人重病，申请医疗救助。", anonymous: true, category: "医疗救助", kind: CaseKind.Aid);
        var moved = await StaffDesk.CreateCaseAsync(app, "oWorkerCrawl00000000000003", "单位解除劳动合同没有给经济补偿。", category: "解除劳动关系");
        await desk.AssignAsync(moved.Number, "tom", "alice", ct);
        await desk.TransferAsync(moved.Number, "金凤区总工会", "请区工会协调", "alice", ct);
        // Newest, so the queue lists it first and the crawl's one case page is the one with evidence.
        await StaffDesk.CaseWithEvidenceAsync(app, "oWorkerCrawl00000000000004", "工地欠薪，附工资条照片和录音。",
            ("image/png", StaffDesk.Photo()), ("audio/amr", "#!AMR\n"u8.ToArray()));

        // A poll that is taking ballots (its page shows results and the chart) and a notice waiting for approval.
        var scope = services.CreateScope().ServiceProvider;
        var poll = await scope.GetRequiredService<UnionWeChat.Functions.Polls.PollDesk>().CreateAsync(new UnionWeChat.Functions.Polls.PollRequest
        {
            Title = "2026年职工运动会项目征集（请选择您最想参加的项目）",
            Options = ["拔河", "跳绳", "趣味接力赛（每队八人，男女各半）"],
            Audience = "all",
            OpensAt = now.AddMinutes(-5),
            ClosesAt = now.AddDays(2),
            Visibility = "live",
        }, "tom", ct);
        Assert.Null(poll.Errors);
        var notice = await scope.GetRequiredService<UnionWeChat.Functions.Notices.NoticeCreation>().CreateAsync(new UnionWeChat.Functions.Notices.NoticeRequest(
            "元旦慰问品发放通知", "12月30日起凭会员证到服务站领取慰问品。", null,
            new UnionWeChat.Functions.Notices.AudienceRequest("all", null, null, null), "custom", null, null), "tom", ct);
        Assert.Empty(notice.Errors);
        return (poll.Poll!.Id, notice.Notice!.Id);
    }
}
