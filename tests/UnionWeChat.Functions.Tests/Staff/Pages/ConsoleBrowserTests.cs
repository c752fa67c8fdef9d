using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

/// <summary>
/// The console in headless Chromium (the system's, never a downloaded one: <c>scripts/setup --with-browser</c>),
/// against the app on a real loopback port, at a phone's screen size.
/// </summary>
public sealed class ConsoleBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Staff_sign_in_triage_and_answer_a_case_see_the_statistics_chart_and_a_workers_script_shows_as_text()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup --with-browser");
        await using var wechat = await FakeWeChatServer.StartAsync();
        await using var app = StaffDesk.WithStaff(new AppFactory(azurite.ConnectionString, wechat.BaseUrl.ToString()));
        var port = FreePort.Next();
        app.UseKestrel(port);
        app.StartServer();
        var site = $"http://127.0.0.1:{port}";
        const string worker = "oWorkerBrowser000000000001";
        wechat.State.RecordInteraction(worker, WeChat.Api.InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
        await app.Services.GetRequiredService<UnionWeChat.Functions.Members.MemberStore>().RecordInteractionAsync(worker, WeChat.Api.InteractionKind.UserMessage, CancellationToken.None);
        var wages = await StaffDesk.CreateCaseAsync(app, worker, "公司拖欠我三个月工资");
        var hostile = await StaffDesk.CreateCaseAsync(app, "oWorkerBrowser000000000002", "<script>alert(1)</script>");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            Interlocked.Increment(ref dialogs);
            _ = dialog.DismissAsync();
        };
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (consoleErrors)
                {
                    consoleErrors.Add($"{message.Text} at {message.Location}");
                }
            }
        };

        // Sign in: the queue sends an unsigned browser to the sign-in page and back.
        await page.GotoAsync($"{site}/api/console/");
        Assert.EndsWith("/api/console/signin?returnUrl=%2Fapi%2Fconsole%2F", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#key", StaffDesk.Triage);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync($"{site}/api/console/");
        Assert.True(await page.Locator($"a:has-text('{wages.Number}')").IsVisibleAsync());

        // Triage: take the case, start it, answer the worker.
        await page.ClickAsync($"a:has-text('{wages.Number}')");
        await page.SelectOptionAsync("#assignee", "tom");
        await page.ClickAsync("button:has-text('指派')");
        await page.Locator("text=指派已保存").WaitForAsync();
        await page.SelectOptionAsync("#status", nameof(CaseStatus.InProgress));
        await page.ClickAsync("button:has-text('更新状态')");
        await page.Locator("text=状态已更新").WaitForAsync();
        await page.FillAsync("#reply", "已联系公司财务，三天内答复。");
        await page.ClickAsync("button:has-text('发送回复')");
        await page.Locator("text=回复已记录").WaitForAsync();
        Assert.True(await page.Locator("ol.history >> text=已联系公司财务，三天内答复。").IsVisibleAsync());
        Assert.True(await FitsTheScreenAsync(page), "the case page scrolls sideways on a phone");

        var stored = await app.Services.GetRequiredService<CaseStore>().GetAsync(wages.Number, CancellationToken.None);
        Assert.Equal(("tom", CaseStatus.InProgress), (stored!.Assignee, stored.Status));
        Assert.Contains(wechat.State.MessagesFor(worker), m => m.Channel == SendChannel.Custom && m.Text!.Contains("已联系公司财务", StringComparison.Ordinal));

        // A worker's script is text on the page, and never runs.
        await page.GotoAsync($"{site}/api/console/cases/{hostile.Number}");
        Assert.Equal("<script>alert(1)</script>", await page.Locator("#description").InnerTextAsync());
        Assert.True(await page.Locator("#description").IsVisibleAsync());
        await page.GotoAsync($"{site}/api/console/");
        Assert.True(await page.Locator($"a:has-text('{hostile.Number}')").IsVisibleAsync());
        Assert.True(await FitsTheScreenAsync(page), "the queue scrolls sideways on a phone");

        // Statistics, drawn as SVG.
        await page.GotoAsync($"{site}/api/console/stats");
        // Drawn twice (for a phone and for a desktop); the stylesheet shows the one that fits.
        var chart = page.Locator("#chart-kind svg >> visible=true");
        Assert.Equal(1, await chart.CountAsync());
        Assert.True(await chart.IsVisibleAsync());
        Assert.True(await chart.Locator("rect").CountAsync() >= 2);
        Assert.True(await FitsTheScreenAsync(page), "the statistics page scrolls sideways on a phone");

        Assert.Equal(0, Volatile.Read(ref dialogs));
        lock (consoleErrors)
        {
            // A Content-Security-Policy violation (a blocked style or script) would show up here.
            Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));
        }
    }

    // Usable on a phone: the page itself never needs sideways scrolling (wide tables scroll inside their box).
    private static Task<bool> FitsTheScreenAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
