using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace UnionWeChat.Functions.Tests.Browser;

/// <summary>What the end-to-end browser tests do with the WeChat simulator and their screenshots.</summary>
internal static class SimulatorPhone
{
    /// <summary>A phone-sized simulator page with a new follower who has followed and been welcomed.</summary>
    public static async Task<IPage> OpenAsFollowerAsync(this BrowserFixture browser, LiveApp app, string openId, string nickname)
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/dev/wechat");
        await page.FillAsync("#new-openid", openId);
        await page.FillAsync("#new-nickname", nickname);
        await page.ClickAsync("#add-member");
        await page.ClickAsync("#follow");
        await Expect(page.Locator("#text")).ToBeEnabledAsync();
        await Expect(AccountMessages(page).Last).ToContainTextAsync("欢迎关注");
        return page;
    }

    /// <summary>The account's messages in the simulator's chat, oldest first.</summary>
    public static ILocator AccountMessages(IPage page) => page.Locator("#chat .msg.account .body");

    /// <summary>The page at a phone's width and a desktop's, full length, for a person checking the layout by eye.</summary>
    public static async Task ShotAsync(IPage page, string folder, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
    }
}
