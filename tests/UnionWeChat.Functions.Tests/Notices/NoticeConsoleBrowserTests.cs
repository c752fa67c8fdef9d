using System.Text.Json;
using Microsoft.Playwright;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;
using static UnionWeChat.Functions.Tests.Notices.NoticeConsole;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>
/// A notice run from the console in headless Chromium, at a phone's width: composed by one admin, approved by
/// another, sent by the notices timer, and its delivery report read on the notice page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoticeConsoleBrowserTests(BrowserFixture chromium, AzuriteFixture azurite)
{
    // Screenshots of each page at both widths, for a person checking the layout by eye.
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots-notices");

    [Fact]
    public async Task An_admin_composes_a_notice_to_everyone_a_second_admin_approves_it_the_timer_sends_it_and_the_page_reports_delivery()
    {
        // A template quota of four: the notice to three followers goes out whole, a second one stays sending.
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app.With("Notices:TemplateDailyQuota", "4"));
        var port = FreePort.Next();
        notices.App.UseKestrel(port);
        notices.App.StartServer();
        var site = new Uri($"http://127.0.0.1:{port}/");
        var followers = await notices.FollowersAsync(3, "oBrowserNotice", tags: "快递员");
        Directory.CreateDirectory(Shots);

        var page = await chromium.NewPageAsync(site);
        await page.SetViewportSizeAsync(390, 844);
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

        // Alice signs in and composes; a field WeChat would not show is refused first, with the reason by it.
        await page.GotoAsync("api/console/notices");
        await page.FillAsync("#key", Keys["alice"]);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(new Uri(site, "api/console/notices").AbsoluteUri);
        await page.ClickAsync("a:has-text('新建通知')");
        await ShotAsync(page, "compose");
        // A choice's own fields show once it is picked: WeChat's tags for 标签.
        Assert.False(await page.IsVisibleAsync("input[name=tags][value='快递员']"));
        await page.CheckAsync("input[name=audience][value=tags]");
        Assert.True(await page.IsVisibleAsync("input[name=tags][value='快递员']"));
        await ShotAsync(page, "compose-tags");
        await page.FillAsync("#title", "元旦慰问");
        await page.FillAsync("#body", "12月30日起到服务站领取");
        await page.FillAsync("#templateId", "TPL_notice_01");
        await page.FillAsync("input[aria-label='第 3 个字段名']", "remark");
        await page.FillAsync("input[aria-label='第 3 个字段内容']", "点击查看");
        await page.CheckAsync("input[name=audience][value=all]");
        await page.ClickAsync("button:has-text('保存通知')");
        await Assertions.Expect(page.Locator(".field-error")).ToContainTextAsync("不再显示“remark”");
        await ShotAsync(page, "compose-refused");
        lock (consoleErrors)
        {
            // The browser logs the refusal's 400 itself; anything else would be a real error.
            Assert.Equal("Failed to load resource: the server responded with a status of 400 (Bad Request)", Assert.Single(consoleErrors).Split(" at ")[0]);
            consoleErrors.Clear();
        }
        Assert.Equal("元旦慰问", await page.InputValueAsync("#title"));
        Assert.True(await page.IsCheckedAsync("input[name=audience][value=all]"));
        await page.FillAsync("input[aria-label='第 3 个字段名']", "");
        await page.FillAsync("input[aria-label='第 3 个字段内容']", "");
        await page.ClickAsync("button:has-text('保存通知')");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("通知已保存");
        var noticeUrl = page.Url.Split('?')[0];
        await Assertions.Expect(page.Locator("#approve-note")).ToContainTextAsync("发起人不能审批自己的通知");
        Assert.Equal(0, await page.Locator("button:has-text('批准')").CountAsync());
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("元旦慰问");
        await ShotAsync(page, "notice-awaiting");

        // Bob, the second admin, approves it.
        await page.ClickAsync("header button[title='退出']");
        await page.GotoAsync(noticeUrl);
        await page.FillAsync("#key", Keys["bob"]);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(noticeUrl);
        await page.ClickAsync("button:has-text('批准')");
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("已批准");

        // The notices timer sends it; the page then shows the delivery report.
        var id = noticeUrl[(noticeUrl.LastIndexOf('/') + 1)..];
        for (var run = 0; run < 5 && (await notices.Service<NoticeStore>().GetAsync(id, CancellationToken.None))!.Status != NoticeStatus.Completed; run++)
        {
            await notices.SendAsync();
        }
        await page.GotoAsync(noticeUrl);
        await Assertions.Expect(page.Locator("#report h2")).ToHaveTextAsync("送达报告");
        var report = await page.ContentAsync();
        Assert.Equal((3, 0, 0, 0), (Figure(report, "已发送"), Figure(report, "发送失败"), Figure(report, "未确认"), Figure(report, "已跳过")));
        await ShotAsync(page, "notice-report");

        foreach (var follower in followers)
        {
            var message = Assert.Single(notices.WeChat.State.MessagesFor(follower));
            Assert.Equal(SendChannel.Template, message.Channel);
            using var body = JsonDocument.Parse(message.BodyJson);
            Assert.Equal("元旦慰问", body.RootElement.GetProperty("data").GetProperty("thing1").GetProperty("value").GetString());
            Assert.Equal("12月30日起到服务站领取", body.RootElement.GetProperty("data").GetProperty("thing2").GetProperty("value").GetString());
        }

        // A second notice outruns the day's quota and stays sending: the bar, the counts and the 刷新 link.
        var second = await notices.CreateAsync(NoticeHarness.Template(followers));
        await notices.SendAsync();
        await page.GotoAsync($"api/console/notices/{second}");
        await Assertions.Expect(page.Locator("#report progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report a:has-text('刷新')")).ToBeVisibleAsync();
        await ShotAsync(page, "notice-sending");
        await page.GotoAsync("api/console/notices");
        await Assertions.Expect(page.Locator("ul.notices li")).ToHaveCountAsync(2);
        await ShotAsync(page, "list");

        Assert.Equal(0, Volatile.Read(ref dialogs));
        lock (consoleErrors)
        {
            // A Content-Security-Policy violation (a blocked style or script) would show up here.
            Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));
        }
    }

    // Checks the page fits a phone without sideways scrolling, and saves it at phone and desktop sizes.
    private static async Task ShotAsync(IPage page, string name)
    {
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{name} scrolls sideways on a phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 800);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, $"{name}-1280.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
    }
}
