using Microsoft.Playwright;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Testing;
using static Microsoft.Playwright.Assertions;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>
/// 问卷调查 end to end in headless Chromium: staff build a survey in the console, one member answers it on the page
/// (asking the union for help), another in the simulator's chat; the help request is in the case desk and the results
/// page shows both responses.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SurveyBrowserTests(BrowserFixture browser, AzuriteFixture azurite)
{
    private const string OnPage = "oSurveyBrowser000000000001";
    private const string InChat = "oSurveyBrowser000000000002";

    // Screenshots of each page at both widths, for a person checking the layout by eye.
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "shots-surveys");

    [Fact]
    public async Task Staff_build_a_survey_one_member_answers_on_the_page_and_asks_for_help_another_in_the_chat_and_the_results_show_both()
    {
        await using var app = await LiveApp.StartAsync(azurite, (factory, site) => factory.WithStaff().With("Polls:PublicBaseUrl", site.AbsoluteUri.TrimEnd('/')));
        Directory.CreateDirectory(Shots);
        var pagePhone = await browser.OpenAsFollowerAsync(app, OnPage, "王师傅");
        var chatPhone = await browser.OpenAsFollowerAsync(app, InChat, "赵师傅");

        var staff = await browser.NewPageAsync(app.BaseUrl);
        await staff.SetViewportSizeAsync(390, 844);
        await staff.GotoAsync("api/console/surveys/");
        await staff.FillAsync("#key", PollKit.Carol);
        await staff.ClickAsync("button:has-text('登录')");
        await Expect(staff.Locator("main h1")).ToHaveTextAsync("问卷调查");
        await staff.ClickAsync("a:has-text('新建问卷')");
        await staff.FillAsync("input[name=title]", "2026年职工权益状况调查");
        await staff.FillAsync("textarea[name=intro]", "了解大家的工作情况，帮助工会更好地服务职工。");
        await staff.UncheckAsync("input[name=announce]");
        await SimulatorPhone.ShotAsync(staff, Shots, "new");
        await staff.ClickAsync("button:has-text('保存，下一步添加题目')");
        await Expect(staff.Locator("section.ok")).ToContainTextAsync("问卷已保存为草稿");
        await AddQuestionAsync(staff, "Single", "您是否遇到过欠薪？", "遇到过\n没有遇到", mayOpenCase: true);
        await AddQuestionAsync(staff, "Multiple", "您最希望工会提供哪些服务？", "法律援助\n技能培训\n困难帮扶", max: "2");
        await AddQuestionAsync(staff, "Rating", "您对单位劳动保护的满意度", "");
        await SimulatorPhone.ShotAsync(staff, Shots, "builder");
        await staff.ClickAsync("button:has-text('发布问卷')");
        await Expect(staff.Locator("section.ok")).ToContainTextAsync("问卷已发布");
        var id = new Uri(staff.Url).AbsolutePath.Split('/')[^1];

        // The page: as the simulator does when a link in this member's chat is tapped, name the member for WeChat's authorize page.
        await pagePhone.Context.AddCookiesAsync([new() { Name = UnionWeChat.Functions.Simulator.SimulatedIdentity.CookieName, Value = OnPage, Url = app.BaseUrl.AbsoluteUri }]);
        await pagePhone.GotoAsync($"api/survey/{id}");
        await pagePhone.CheckAsync("input[name=q0][value='1']");
        await pagePhone.CheckAsync("input[name=q1][value='1']");
        await pagePhone.CheckAsync("input[name=q1][value='2']");
        await pagePhone.CheckAsync("input[name=q2][value='2']");
        await pagePhone.ClickAsync("summary:has-text('我需要工会帮助')");
        await pagePhone.CheckAsync("input[name=help0][value='named']");
        await pagePhone.FillAsync("textarea[name=note0]", "已经三个月没发工资了");
        await SimulatorPhone.ShotAsync(pagePhone, Shots, "page");
        await pagePhone.ClickAsync("button:has-text('提交问卷')");
        await Expect(pagePhone.Locator(".notice")).ToContainTextAsync("提交成功");
        var thanks = await pagePhone.Locator(".notice").InnerTextAsync();
        var number = System.Text.RegularExpressions.Regex.Match(thanks, @"编号：(\S+?)。").Groups[1].Value;
        await SimulatorPhone.ShotAsync(pagePhone, Shots, "thanks");

        foreach (var (text, expect) in new[] { ("问卷", "第 1/3 题"), ("2", "我需要工会帮助"), ("3", "第 2/3 题"), ("2,3", "第 3/3 题"), ("5", "提交成功") })
        {
            await chatPhone.FillAsync("#text", text);
            await chatPhone.ClickAsync("#send");
            await Expect(SimulatorPhone.AccountMessages(chatPhone).Last).ToContainTextAsync(expect);
        }
        await SimulatorPhone.ShotAsync(chatPhone, Shots, "chat");

        await staff.GotoAsync("api/console/?category=" + Uri.EscapeDataString("问卷求助"));
        await Expect(staff.Locator("main")).ToContainTextAsync(number);
        await staff.ClickAsync($"a:has-text('{number}')");
        await Expect(staff.Locator("main")).ToContainTextAsync("已经三个月没发工资了");
        await Expect(staff.Locator("main")).ToContainTextAsync("答：遇到过");
        await staff.GotoAsync($"api/console/surveys/{id}/results");
        await Expect(staff.Locator("b.responses")).ToHaveTextAsync("2");
        await Expect(staff.Locator("section[data-question='1'] g[data-option='1']")).ToHaveAttributeAsync("data-votes", "1");
        await Expect(staff.Locator("section[data-question='1'] g[data-option='2']")).ToHaveAttributeAsync("data-votes", "1");
        await Expect(staff.Locator("section[data-question='2'] g[data-option='2']")).ToHaveAttributeAsync("data-votes", "2");
        await Expect(staff.Locator("b.average")).ToHaveTextAsync("3.50");
        await SimulatorPhone.ShotAsync(staff, Shots, "results");
        Assert.Matches(@"^\S+$", number);
    }

    private static async Task AddQuestionAsync(IPage staff, string kind, string title, string options, bool mayOpenCase = false, string? max = null)
    {
        await staff.SelectOptionAsync("select[name=kind]", kind);
        await staff.FillAsync("form:has(select[name=kind]) input[name=title]", title);
        await staff.FillAsync("textarea[name=options]", options);
        if (max is not null)
        {
            await staff.FillAsync("input[name=maxChoices]", max);
        }
        if (mayOpenCase)
        {
            await staff.CheckAsync("input[name=mayOpenCase]");
        }
        await staff.ClickAsync("button:has-text('添加题目')");
        await Expect(staff.Locator("section.ok")).ToContainTextAsync("已添加题目");
    }
}
