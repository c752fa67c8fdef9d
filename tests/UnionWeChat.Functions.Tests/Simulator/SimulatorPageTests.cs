using System.Web;
using Microsoft.Playwright;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using static Microsoft.Playwright.Assertions;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>The simulator page in headless Chromium against the app on a real port, in Development.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SimulatorPageTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private const string Worker = "oWorkerPage000000000000001";

    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_worker_follows_types_and_sees_the_replies_and_a_message_the_account_sends_later()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        var page = await OpenAsFollowerAsync(app, Worker, "张师傅");

        await Expect(AccountMessages(page).Last).ToContainTextAsync("欢迎关注职工之家");
        await page.FillAsync("#text", "你好");
        await page.ClickAsync("#send");
        await Expect(page.Locator("#chat .msg.worker .body").Last).ToHaveTextAsync("你好");
        // The welcome mentions 12351 too: wait for the second message, the answer to "你好".
        await Expect(AccountMessages(page)).ToHaveCountAsync(2);

        await app.Get<WeChatApiClient>().SendCustomTextAsync(Worker, "您的投诉已受理，工作人员将尽快联系您。");

        await Expect(AccountMessages(page)).ToHaveCountAsync(3);
        var custom = page.Locator("#chat .msg.account").Last;
        await Expect(custom.Locator(".body")).ToHaveTextAsync("您的投诉已受理，工作人员将尽快联系您。");
        await Expect(custom.Locator(".meta")).ToHaveTextAsync("客服消息");
    }

    [Fact]
    public async Task Markup_in_messages_shows_as_text_and_a_link_opens_signed_in_as_the_member()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        var page = await OpenAsFollowerAsync(app, Worker, "<b>李</b>");
        const string markup = "<img src=x onerror=\"document.title='pwned'\"><b>粗体</b>";

        await page.FillAsync("#text", markup);
        await page.ClickAsync("#send");
        await Expect(page.Locator("#chat .msg.worker .body").Last).ToHaveTextAsync(markup);
        await Expect(AccountMessages(page)).ToHaveCountAsync(2);

        // A poll announcement's link goes through WeChat's OAuth: the stand-in must know which member tapped it.
        var wechat = app.Get<WeChatApiClient>();
        var voteLink = wechat.BuildOAuthUrl(app.Url("/api/health"), "poll1");
        await wechat.SendCustomTextAsync(Worker, "投票开始了 " + voteLink + " <i>快来</i>");
        var link = AccountMessages(page).Last.Locator("a");
        await Expect(link).ToHaveAttributeAsync("href", voteLink);
        var opened = await page.RunAndWaitForPopupAsync(() => link.ClickAsync());
        await opened.WaitForURLAsync(url => url.Contains("/api/health?code=", StringComparison.Ordinal));

        Assert.Equal(0, await page.Locator("#chat img, #chat b, #chat i").CountAsync());
        Assert.Equal("<b>李</b>", await page.Locator("#who").TextContentAsync());
        Assert.NotEqual("pwned", await page.TitleAsync());
        var code = HttpUtility.ParseQueryString(new Uri(opened.Url).Query)["code"]!;
        Assert.Equal(Worker, (await wechat.ExchangeOAuthCodeAsync(code)).OpenId);
    }

    [Fact]
    public async Task The_published_menu_is_tapped_and_a_photo_is_sent_from_the_phone()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        await app.Get<WeChatApiClient>().CreateMenuAsync([
            MenuButton.Click("投诉", "COMPLAINT"),
            MenuButton.SubMenu("服务", MenuButton.Click("查询", "MY_CASES")),
        ]);
        var page = await OpenAsFollowerAsync(app, Worker, "王");

        await page.ClickAsync("#menu >> text=服务");
        await page.ClickAsync("#menu .sub >> text=查询");
        await Expect(page.Locator("#chat .msg.worker .body").Last).ToHaveTextAsync("点击菜单：查询");
        await page.SetInputFilesAsync("#photo", new FilePayload { Name = "wage-slip.png", MimeType = "image/png", Buffer = Png });

        var photo = page.Locator("#chat .msg.worker img").Last;
        await Expect(photo).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^/dev/wechat/photo/sim[0-9a-f]+$"));
        // The welcome, the answer to 查询 (the MY_CASES key), and the help that follows a photo outside a dialog.
        await Expect(AccountMessages(page)).ToHaveCountAsync(3);
        await Expect(AccountMessages(page).Nth(1)).ToContainTextAsync("还没有提交过");
        await Expect(AccountMessages(page).Last).ToContainTextAsync("您可以回复以下内容");
        Assert.True(await photo.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the photo did not load from the stand-in");
        await Expect(page.Locator("#menu-source")).ToContainTextAsync("已发布");
    }

    private async Task<IPage> OpenAsFollowerAsync(LiveApp app, string openId, string nickname)
    {
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.GotoAsync("/dev/wechat");
        await Expect(page.Locator("#mode")).ToContainTextAsync("safe mode");
        await page.FillAsync("#new-openid", openId);
        await page.FillAsync("#new-nickname", nickname);
        await page.ClickAsync("#add-member");
        await page.ClickAsync("#follow");
        await Expect(page.Locator("#text")).ToBeEnabledAsync();
        return page;
    }

    private static ILocator AccountMessages(IPage page) => page.Locator("#chat .msg.account .body");
}
