using Microsoft.Playwright;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>
/// A poll from start to result as staff and members live it, in headless Chromium against the app on a loopback
/// port: an admin builds it in the console on a phone, a second admin approves it, one member votes in the chat and
/// one on the vote page, and the poll's page shows both ballots in its counts and chart.
/// </summary>
public sealed class PollConsoleBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_admin_builds_a_poll_a_second_admin_approves_members_vote_in_chat_and_on_the_page_and_the_results_show_both()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/setup --with-browser");
        var port = FreePort.Next();
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app
            .WithStaff()
            .With("urls", $"http://127.0.0.1:{port}")
            .With("Polls:TallyCacheFor", "00:00:00")
            .UseKestrel(port));
        var site = $"http://127.0.0.1:{port}";
        var inChat = PollKit.Member("Chat", 1);
        var onPage = PollKit.Member("Page", 2);
        foreach (var member in new[] { inChat, onPage })
        {
            await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var alice = await SignInAsync(browser, site, PollKit.Alice);

        // Alice builds the poll on her phone; it opens now (this minute, Beijing time) and runs for two hours.
        await alice.GotoAsync($"{site}/api/console/polls");
        await alice.ClickAsync("a:has-text('新建投票')");
        await alice.FillAsync("input[name=title]", "职工运动会项目选择");
        await alice.FillAsync("textarea[name=options]", "拔河\n跳绳\n趣味接力");
        var now = PollKit.Now.ToOffset(TimeSpan.FromHours(8));
        await alice.FillAsync("input[name=opensAt]", now.ToString("yyyy-MM-ddTHH:mm"));
        await alice.FillAsync("input[name=closesAt]", now.AddHours(2).ToString("yyyy-MM-ddTHH:mm"));
        await alice.SelectOptionAsync("select[name=visibility]", "live");
        await Shots.TakeAsync(alice, "poll-new");
        await alice.ClickAsync("button:has-text('提交')");
        await alice.Locator("text=投票已提交").WaitForAsync();
        var id = alice.Url.Split('/').Last().Split('?')[0];
        Assert.Contains("待批准", await alice.Locator("main").InnerTextAsync());
        Assert.Equal(0, await alice.Locator("button:has-text('批准')").CountAsync());
        Assert.True(await FitsAsync(alice), "the poll page scrolls sideways on a phone");

        // Bob, the second admin, approves it.
        var bob = await SignInAsync(browser, site, PollKit.Bob);
        await bob.GotoAsync($"{site}/api/console/polls/{id}");
        await bob.ClickAsync("button:has-text('批准')");
        await bob.Locator("text=已批准").WaitForAsync();

        // One member votes in the chat, the other on the vote page.
        await chat.SayAsync(inChat, "投票");
        Assert.Contains("投票成功", await chat.SayAsync(inChat, "3"), StringComparison.Ordinal);
        var phone = await MemberPageAsync(browser, $"{site}/api/vote/{id}", onPage);
        await phone.GotoAsync($"{site}/api/vote/{id}");
        await phone.GetByLabel("拔河").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交投票" }).ClickAsync();
        await phone.WaitForURLAsync($"{site}/api/vote/{id}?done=1");

        // The poll's page counts both, and the chart draws them.
        await alice.GotoAsync($"{site}/api/console/polls/{id}");
        var main = await alice.Locator("main").InnerTextAsync();
        Assert.Contains("共 2 人参加", main, StringComparison.Ordinal);
        Assert.Equal("1", await alice.Locator("svg.results-chart g[data-option='1']").GetAttributeAsync("data-votes"));
        Assert.Equal("0", await alice.Locator("svg.results-chart g[data-option='2']").GetAttributeAsync("data-votes"));
        Assert.Equal("1", await alice.Locator("svg.results-chart g[data-option='3']").GetAttributeAsync("data-votes"));
        Assert.True(await alice.Locator("svg.results-chart").IsVisibleAsync());
        Assert.True(await FitsAsync(alice), "the results scroll sideways on a phone");
        await Shots.TakeAsync(alice, "poll-results");
        Assert.Equal([1L, 0L, 1L], (await chat.App.TallyAsync(id)).Counts);
        var poll = await chat.App.PollAsync(id);
        Assert.Equal(("alice", "bob"), (poll.CreatedBy, poll.ApprovedBy));
    }

    private static async Task<IPage> SignInAsync(IBrowser browser, string site, string key)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{site}/api/console/signin");
        await page.FillAsync("#key", key);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync($"{site}/api/console/");
        return page;
    }

    // WeChat's authorize page knows who the member is; its stand-in is told with &openid= (see VotePageBrowserTests).
    private static async Task<IPage> MemberPageAsync(IBrowser browser, string pageUrl, string member)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        await context.RouteAsync(pageUrl + "**", async route =>
        {
            if (route.Request.Method != "GET")
            {
                await route.ContinueAsync();
                return;
            }
            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            var headers = new Dictionary<string, string>(response.Headers);
            if (response.Status == 302 && headers.TryGetValue("location", out var location) && location.Contains("/connect/oauth2/authorize", StringComparison.Ordinal))
            {
                var hash = location.IndexOf('#', StringComparison.Ordinal);
                headers["location"] = location.Insert(hash < 0 ? location.Length : hash, "&openid=" + member);
            }
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        return await context.NewPageAsync();
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth");
}

/// <summary>Screenshots for people to look at, when <c>SCREENSHOTS</c> names a folder; otherwise nothing is written.</summary>
internal static class Shots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{page.ViewportSize?.Width}.png"), FullPage = true });
    }
}
