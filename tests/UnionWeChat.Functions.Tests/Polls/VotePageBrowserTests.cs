using Microsoft.Playwright;
using UnionWeChat.Functions.Members;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>
/// The vote page in a real browser (the system Chromium, headless) against the app on Kestrel on a loopback port.
/// WeChat's authorize page is the fake server's stand-in; the route below plays WeChat knowing who the member is.
/// </summary>
public sealed class VotePageBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_member_votes_on_the_page_sees_the_chart_and_a_second_vote_is_refused()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: run scripts/setup --with-browser (as root).");
        var port = FreePort.Next();
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app
            .WithStaff()
            .With("urls", $"http://127.0.0.1:{port}")
            .With("Polls:TallyCacheFor", "00:00:00")
            .UseKestrel(port));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var member = PollKit.Member("Browser", 1);
        await chat.App.SaveMemberAsync(new Member { OpenId = member, Following = true });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var phone = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var pageUrl = $"http://127.0.0.1:{port}/api/vote/{id}";
        // WeChat's authorize page knows who the member is; its stand-in must be told with &openid=. A redirect is not
        // routed by Playwright, so the app's redirect to WeChat is rewritten on its way to the browser.
        await phone.RouteAsync(pageUrl + "**", async route =>
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

        var first = await phone.NewPageAsync();
        await first.GotoAsync(pageUrl);
        var second = await phone.NewPageAsync();
        await second.GotoAsync(pageUrl);

        await first.GetByLabel("乙纺织公司").CheckAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "提交投票" }).ClickAsync();
        await first.WaitForURLAsync($"{pageUrl}?done=1");

        Assert.Contains("投票成功", await first.Locator("main").InnerTextAsync());
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}$", await first.Locator(".receipt").InnerTextAsync());
        Assert.True(await first.Locator("svg.results-chart").IsVisibleAsync());
        Assert.Equal("1", await first.Locator("svg.results-chart g[data-option='2']").GetAttributeAsync("data-votes"));
        Assert.True((await first.Locator("svg.results-chart rect.bar").Nth(1).BoundingBoxAsync())!.Width > 0);

        await second.GetByLabel("甲机械厂").CheckAsync();
        var refused = await second.RunAndWaitForResponseAsync(
            () => second.GetByRole(AriaRole.Button, new() { Name = "提交投票" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(409, refused.Status);
        Assert.Contains("您已投过票，投票不能修改", await second.Locator("main").InnerTextAsync());
        await first.ReloadAsync();
        Assert.Equal(0, await first.Locator("form").CountAsync());
        Assert.Equal([0L, 1L, 0L], (await chat.App.TallyAsync(id)).Counts);
    }
}
