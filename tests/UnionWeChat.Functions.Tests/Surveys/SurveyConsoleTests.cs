using System.Net;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Surveys;

/// <summary>The console's 问卷 pages, as staff use them: forms only, no JSON.</summary>
public sealed partial class SurveyConsoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Root = "/api/console/surveys";

    [Fact]
    public async Task Staff_build_a_survey_with_forms_fix_a_refused_question_reorder_publish_and_read_the_results()
    {
        await using var chat = await StartAsync();
        using var carol = await ConsoleSession.SignedInAsync(chat.App, PollKit.Carol);
        var token = await carol.TokenFromAsync(Root + "/new");
        var opens = PollKit.Now.AddHours(8).AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var closes = PollKit.Now.AddHours(8).AddDays(3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        using var noTitle = await carol.PostFormAsync(Root, new() { ["_form"] = token, ["title"] = "", ["audience"] = "all", ["opensAt"] = opens, ["closesAt"] = "" });
        var noTitleHtml = await noTitle.Content.ReadAsStringAsync();
        using var created = await carol.PostFormAsync(Root, new()
        {
            ["_form"] = token, ["title"] = "食堂<b>满意度</b>调查", ["intro"] = "请大家说说食堂。", ["audience"] = "all", ["opensAt"] = opens, ["closesAt"] = closes,
        });
        var page = created.Headers.Location!.OriginalString.Split('?')[0];
        using var badQuestion = await carol.PostFormAsync(page + "/questions", new() { ["_form"] = token, ["kind"] = "Single", ["title"] = "<i>饭菜</i>", ["options"] = "好吃", ["required"] = "on" });
        var badHtml = await badQuestion.Content.ReadAsStringAsync();
        await carol.PostFormAsync(page + "/questions", new() { ["_form"] = token, ["kind"] = "Single", ["title"] = "饭菜口味", ["options"] = "好吃\n一般\n\n不好吃", ["required"] = "on" });
        await carol.PostFormAsync(page + "/questions", new() { ["_form"] = token, ["kind"] = "Rating", ["title"] = "总体评分", ["required"] = "on" });
        await carol.PostFormAsync(page + "/questions", new() { ["_form"] = token, ["kind"] = "LongText", ["title"] = "意见建议" });
        using var up = await carol.PostFormAsync(page + "/questions/2/up", new() { ["_form"] = token });
        using var delete = await carol.PostFormAsync(page + "/questions/3/delete", new() { ["_form"] = token });
        using var publish = await carol.PostFormAsync(page + "/publish", new() { ["_form"] = token });
        var published = await carol.PageAsync(publish.Headers.Location!.OriginalString);
        using var lateQuestion = await carol.PostFormAsync(page + "/questions", new() { ["_form"] = token, ["kind"] = "Rating", ["title"] = "再加一题", ["required"] = "on" });

        var worker = SurveyKit.Member("Console", 1);
        await chat.FollowAsync(worker);
        var id = page.Split('/')[^1];
        await chat.SayAsync(worker, "问卷");
        await chat.SayAsync(worker, "4");
        await chat.SayAsync(worker, "1");
        var results = await carol.PageAsync(page + "/results");
        var list = await carol.PageAsync(Root + "/");

        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Contains("请填写问卷标题", noTitleHtml, StringComparison.Ordinal);
        Assert.Contains("请选择截止时间", noTitleHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuestion.StatusCode);
        Assert.Contains("请填写 2 到 10 个选项", badHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;i&gt;饭菜&lt;/i&gt;", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>饭菜</i>", badHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, up.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, delete.StatusCode);
        Assert.Contains("问卷已发布", published, StringComparison.Ordinal);
        Assert.Contains("食堂&lt;b&gt;满意度&lt;/b&gt;调查", published, StringComparison.Ordinal);
        var questions = Regex.Match(published, "<ol class=\"questions\">.*?</ol>", RegexOptions.Singleline).Value;
        Assert.Matches(new Regex("总体评分.*饭菜口味", RegexOptions.Singleline), questions);
        Assert.DoesNotContain("意见建议", questions, StringComparison.Ordinal);
        Assert.Contains("删除第 3 题", published, StringComparison.Ordinal);
        Assert.Contains("在公众号回复“问卷”逐题作答", published, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, lateQuestion.StatusCode);
        Assert.Contains("发布问卷", published, StringComparison.Ordinal);
        Assert.Contains("data-option=\"4\" data-votes=\"1\"", results, StringComparison.Ordinal);
        Assert.Contains("data-option=\"1\" data-votes=\"1\"", results, StringComparison.Ordinal);
        Assert.Contains("平均 <b class=\"average\">4.00</b> 分", results, StringComparison.Ordinal);
        Assert.Contains("答卷<b class=\"responses\">1</b>", results, StringComparison.Ordinal);
        Assert.Contains($"{Root}/{id}", list, StringComparison.Ordinal);
        Assert.Contains("进行中", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_search_the_free_texts_encoded_and_a_viewer_reads_them_but_gets_no_forms_and_cannot_post()
    {
        await using var chat = await StartAsync();
        var id = await chat.Http.CreateAsync(SurveyKit.FiveKinds());
        foreach (var (n, advice) in new[] { (1, "希望多组织<b>技能培训</b>"), (2, "食堂饭菜太贵"), (3, "加强技能培训和法律援助") })
        {
            var worker = SurveyKit.Member("Search", n);
            await chat.FollowAsync(worker);
            var (phone, _, form) = await chat.OpenSurveyAsync(worker, id);
            using var _p = phone;
            await phone.SubmitAsync(id, form, SurveyKit.FiveAnswers(advice: advice));
        }
        using var vic = await ConsoleSession.SignedInAsync(chat.App, PollKit.Vic);

        var found = await vic.PageAsync($"{Root}/{id}/results?q=技能培训");
        var page = await vic.PageAsync($"{Root}/{id}");
        var token = await vic.TokenFromAsync($"{Root}/{id}");
        using var close = await vic.PostFormAsync($"{Root}/{id}/close", new() { ["_form"] = token });
        using var newPage = await vic.Http.GetAsync(Root + "/new");

        Assert.Contains("含“技能培训”的 2 条（共 3 条）", found, StringComparison.Ordinal);
        Assert.Contains("希望多组织&lt;b&gt;技能培训&lt;/b&gt;", found, StringComparison.Ordinal);
        Assert.DoesNotContain("食堂饭菜太贵", found, StringComparison.Ordinal);
        Assert.Contains("回收率", found, StringComparison.Ordinal);
        Assert.DoesNotContain("提前结束问卷", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, newPage.StatusCode);
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
}
