using Microsoft.Playwright;
using UnionWeChat.Functions.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>
/// What a newcomer sees after the README's run command: the whole product on one laptop, through the simulator and
/// the console only, in headless Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RunCommandTests(BrowserFixture browser)
{
    private const string Reply = "您好，我们已联系贵公司人事部门，三个工作日内给您答复。";

    [Fact]
    public async Task A_worker_files_a_complaint_in_the_simulator_and_reads_the_reply_a_staff_member_sends_from_the_console()
    {
        await using var run = await RunCommand.StartAsync();
        Assert.Contains("http://localhost:" + run.BaseUrl.Port + "/dev/wechat", run.Output, StringComparison.Ordinal);
        Assert.Contains("http://localhost:" + run.BaseUrl.Port + "/api/console", run.Output, StringComparison.Ordinal);

        // The worker: follows, taps 我要维权 → 投诉 on the menu the app published, answers every question.
        var phone = await browser.NewPageAsync(run.BaseUrl);
        await phone.GotoAsync("/dev/wechat");
        await Expect(phone.Locator("#mode")).ToContainTextAsync("safe mode");
        await phone.FillAsync("#new-openid", "oNewcomerWorker00000000001");
        await phone.FillAsync("#new-nickname", "刘师傅");
        await phone.ClickAsync("#add-member");
        await phone.ClickAsync("#follow");
        await Expect(LastAnswer(phone)).ToContainTextAsync("欢迎关注");
        await phone.ClickAsync("#menu >> text=我要维权");
        await phone.ClickAsync("#menu .sub >> text=投诉");
        await Expect(LastAnswer(phone)).ToContainTextAsync("请选择问题类别");
        await SayAsync(phone, "1", "用人单位");
        await SayAsync(phone, "银川某某物流有限公司", "事情经过");
        await SayAsync(phone, "今年八月起每月工资被扣一千元，没有任何说明。", "联系电话");
        await SayAsync(phone, "13800138000", "匿名");
        await SayAsync(phone, "2", "确认");
        await SayAsync(phone, "确认", "TS-");
        var number = Receipts.ComplaintNumber().Match(await LastAnswer(phone).InnerTextAsync()).Value;
        Assert.NotEmpty(number);

        // The staff member: signs in with the admin key the command printed, opens the case, replies.
        var desk = await browser.NewPageAsync(run.BaseUrl);
        await desk.GotoAsync("/api/console/");
        await desk.FillAsync("#key", run.AdminKey);
        await desk.ClickAsync("button:has-text('登录')");
        await desk.ClickAsync($"a:has-text('{number}')");
        await Expect(desk.Locator("body")).ToContainTextAsync("银川某某物流有限公司");
        await desk.FillAsync("#reply", Reply);
        await desk.ClickAsync("button:has-text('发送回复')");
        await Expect(desk.Locator("body")).ToContainTextAsync("回复已记录");

        // The reply reaches the worker's chat, as a customer-service message.
        var delivered = phone.Locator("#chat .msg.account").Last;
        await Expect(delivered.Locator(".body")).ToContainTextAsync(Reply);
        await Expect(delivered.Locator(".meta")).ToHaveTextAsync("客服消息");
    }

    private static ILocator LastAnswer(IPage page) => page.Locator("#chat .msg.account .body").Last;

    private static async Task SayAsync(IPage page, string text, string answerContains)
    {
        await page.FillAsync("#text", text);
        await page.ClickAsync("#send");
        await Expect(page.Locator("#chat .msg.worker .body").Last).ToHaveTextAsync(text);
        await Expect(LastAnswer(page)).ToContainTextAsync(answerContains);
    }
}
