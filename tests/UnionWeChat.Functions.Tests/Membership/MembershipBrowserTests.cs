using Microsoft.Playwright;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;
using static Microsoft.Playwright.Assertions;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>
/// 网上入会 end to end in headless Chromium: a worker applies in the simulator, an admin approves on a phone-sized
/// console, the worker reads the WeChat message and opens the member card; a members-only poll then takes the
/// member's ballot and turns a follower who is not a member away.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MembershipBrowserTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private const string Worker = "oJoinBrowser00000000000001";
    private const string Outsider = "oJoinBrowser00000000000002";

    // Screenshots of each page at both widths, for a person checking the layout by eye.
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots-membership");

    [Fact]
    public async Task A_worker_applies_in_the_simulator_an_admin_approves_and_the_member_card_and_a_members_only_poll_follow()
    {
        await using var app = await LiveApp.StartAsync(azurite, (factory, site) => factory.WithStaff()
            .With("Polls:PublicBaseUrl", site.AbsoluteUri.TrimEnd('/'))
            .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "高新区总工会"));
        Directory.CreateDirectory(Shots);
        var phone = await browser.OpenAsFollowerAsync(app, Worker, "张师傅");

        foreach (var text in new[] { "入会", "张小红", "13812345678", "东方机械厂", "车间操作工", "1", "同意", "确认" })
        {
            var before = await SimulatorPhone.AccountMessages(phone).CountAsync();
            await phone.FillAsync("#text", text);
            await phone.ClickAsync("#send");
            await Expect(SimulatorPhone.AccountMessages(phone)).ToHaveCountAsync(before + 1);
        }
        await Expect(SimulatorPhone.AccountMessages(phone).Last).ToContainTextAsync("入会申请已提交");

        var admin = await browser.NewPageAsync(app.BaseUrl);
        await admin.SetViewportSizeAsync(390, 844);
        await admin.GotoAsync("api/console/members/");
        await admin.FillAsync("#key", PollKit.Alice);
        await admin.ClickAsync("button:has-text('登录')");
        await admin.WaitForURLAsync(url => url.Contains("/api/console/members", StringComparison.Ordinal));
        await SimulatorPhone.ShotAsync(admin, Shots, "applications");
        await admin.ClickAsync("table.list a");
        await Expect(admin.Locator("main")).ToContainTextAsync("东方机械厂");
        await SimulatorPhone.ShotAsync(admin, Shots, "application");
        await admin.SelectOptionAsync("select[name=union]", "高新区总工会");
        await admin.ClickAsync("button:has-text('批准入会')");
        await Expect(admin.Locator("section.ok")).ToContainTextAsync("已批准入会，已通知职工");
        var number = await admin.Locator("table.fields tr:has(th:text-is('会员号')) td").InnerTextAsync();

        await Expect(SimulatorPhone.AccountMessages(phone).Last).ToContainTextAsync("入会申请已通过");
        await Expect(SimulatorPhone.AccountMessages(phone).Last).ToContainTextAsync(number);
        await phone.FillAsync("#text", "会员卡");
        await phone.ClickAsync("#send");
        var link = SimulatorPhone.AccountMessages(phone).Last.Locator("a");
        await Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/api/member/card$"));
        var card = await phone.RunAndWaitForPopupAsync(() => link.ClickAsync());
        await card.SetViewportSizeAsync(390, 844);
        await Expect(card.Locator(".membercard")).ToContainTextAsync(number);
        await Expect(card.Locator(".membercard")).ToContainTextAsync("高新区总工会");
        await Expect(card.Locator(".digits")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{6}$"));
        await card.ClickAsync("summary:has-text('申请转会或退会')");
        await SimulatorPhone.ShotAsync(card, Shots, "card");

        await admin.GotoAsync($"api/console/members/check?number={number}&code={await card.Locator(".digits").InnerTextAsync()}");
        await Expect(admin.Locator("section.ok")).ToContainTextAsync("有效会员");
        await SimulatorPhone.ShotAsync(admin, Shots, "check");
        await admin.GotoAsync("api/console/members/stats");
        await SimulatorPhone.ShotAsync(admin, Shots, "stats");
        await admin.GotoAsync("api/console/members/import");
        await SimulatorPhone.ShotAsync(admin, Shots, "import");

        var poll = await app.Http.CreateApprovedAsync(PollKit.Body().With("audience", "registered"));
        await phone.FillAsync("#text", "投票");
        await phone.ClickAsync("#send");
        await Expect(SimulatorPhone.AccountMessages(phone).Last).ToContainTextAsync("1. 甲机械厂");
        await phone.FillAsync("#text", "1");
        await phone.ClickAsync("#send");
        await Expect(SimulatorPhone.AccountMessages(phone).Last).ToContainTextAsync("投票成功");

        var outsider = await browser.OpenAsFollowerAsync(app, Outsider, "李师傅");
        await outsider.FillAsync("#text", "投票");
        await outsider.ClickAsync("#send");
        await Expect(SimulatorPhone.AccountMessages(outsider).Last).ToContainTextAsync("目前没有您可以参加的投票");
        // As the simulator does when a link in this member's chat is tapped: name the member for WeChat's authorize page.
        await outsider.Context.AddCookiesAsync([new() { Name = UnionWeChat.Functions.Simulator.SimulatedIdentity.CookieName, Value = Outsider, Url = app.BaseUrl.AbsoluteUri }]);
        await outsider.GotoAsync($"api/vote/{poll}");
        await Expect(outsider.Locator("main")).ToContainTextAsync("您不在投票范围内");
        await outsider.GotoAsync("api/member/join");
        await Expect(outsider.Locator("button")).ToHaveTextAsync("提交入会申请");
        await SimulatorPhone.ShotAsync(outsider, Shots, "join");
        Assert.Equal([1L, 0L, 0L], (await app.App.TallyAsync(poll)).Counts);
    }
}
