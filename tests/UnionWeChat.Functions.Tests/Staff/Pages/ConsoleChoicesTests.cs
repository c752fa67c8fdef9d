using System.Net;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

/// <summary>
/// Staff pick from lists instead of typing names, English words or codes: the assignee, the queue's filters, and a
/// new keyword answer needs no id.
/// </summary>
public sealed partial class ConsoleChoicesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_assign_choice_lists_the_staff_and_未指派_and_choosing_未指派_unassigns()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerChoices00000000001", "欠薪三个月");
        using var triage = new ConsoleSession(desk.App);
        await triage.SignInAsync(StaffDesk.Triage);
        var page = await triage.PageAsync($"/api/console/cases/{c.Number}");

        var select = AssigneeSelect().Match(page);
        Assert.True(select.Success, "the case page has no assignee choice");
        Assert.Equal(["未指派", "alice", "tom", "vera"], Options().Matches(select.Value).Select(m => m.Groups[2].Value));
        Assert.Equal("", Options().Match(select.Value).Groups[1].Value);
        Assert.DoesNotContain("<input id=\"assignee\"", page, StringComparison.Ordinal);

        var token = await triage.TokenFromAsync($"/api/console/cases/{c.Number}");
        using var assigned = await triage.PostFormAsync($"/api/console/cases/{c.Number}/assign", new() { ["_form"] = token, ["assignee"] = "vera" });
        Assert.Equal(HttpStatusCode.SeeOther, assigned.StatusCode);
        Assert.Equal("vera", (await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None))!.Assignee);
        Assert.Contains("<option value=\"vera\" selected>vera</option>", await triage.PageAsync($"/api/console/cases/{c.Number}"), StringComparison.Ordinal);

        using var unassigned = await triage.PostFormAsync($"/api/console/cases/{c.Number}/assign", new() { ["_form"] = token, ["assignee"] = "" });
        Assert.Equal(HttpStatusCode.SeeOther, unassigned.StatusCode);
        Assert.Null((await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None))!.Assignee);
        Assert.Contains(await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None), e => e.Action == "unassigned" && e.Actor == "tom");
        Assert.Contains("<option value=\"\" selected>未指派</option>", await triage.PageAsync($"/api/console/cases/{c.Number}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_filters_by_未指派_and_by_category_from_choices_and_the_api_still_takes_none()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var untaken = await desk.CreateCaseAsync("oWorkerChoices00000000002", "没人接的欠薪", category: "欠薪");
        var taken = await desk.CreateCaseAsync("oWorkerChoices00000000003", "工伤认定", category: "工伤");
        Assert.True((await desk.Service<CaseDesk>().AssignAsync(taken.Number, "tom", "alice", CancellationToken.None)).Succeeded);
        using var viewer = new ConsoleSession(desk.App);
        await viewer.SignInAsync(StaffDesk.Viewer);

        var queue = await viewer.PageAsync("/api/console/");
        Assert.DoesNotContain("value=\"none\"", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("none=", queue, StringComparison.Ordinal);
        Assert.Contains("<option value=\"未指派\" >未指派</option>", queue, StringComparison.Ordinal);
        Assert.Contains("<option value=\"tom\" >tom</option>", queue, StringComparison.Ordinal);
        foreach (var category in IntakeRules.ComplaintCategories.Concat(IntakeRules.AidTypes))
        {
            Assert.Contains($"<option value=\"{category}\" >{category}</option>", queue, StringComparison.Ordinal);
        }

        // What the form sends when 未指派 is chosen.
        var unassigned = await viewer.PageAsync("/api/console/?assignee=" + Uri.EscapeDataString("未指派"));
        Assert.Contains(untaken.Number, unassigned, StringComparison.Ordinal);
        Assert.DoesNotContain(taken.Number, unassigned, StringComparison.Ordinal);
        Assert.Contains("<option value=\"未指派\" selected>未指派</option>", unassigned, StringComparison.Ordinal);
        var toms = await viewer.PageAsync("/api/console/?assignee=tom");
        Assert.Contains(taken.Number, toms, StringComparison.Ordinal);
        Assert.DoesNotContain(untaken.Number, toms, StringComparison.Ordinal);
        var injuries = await viewer.PageAsync("/api/console/?category=" + Uri.EscapeDataString("工伤"));
        Assert.Contains(taken.Number, injuries, StringComparison.Ordinal);
        Assert.DoesNotContain(untaken.Number, injuries, StringComparison.Ordinal);
        Assert.Contains("<option value=\"工伤\" selected>工伤</option>", injuries, StringComparison.Ordinal);

        using var api = desk.As(StaffDesk.Viewer);
        var listed = await StaffDesk.JsonAsync(await api.GetAsync("/api/staff/cases?assignee=none"));
        Assert.Equal([untaken.Number], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()));
    }

    [Fact]
    public async Task A_new_keyword_answer_needs_no_id_and_the_page_asks_for_none()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var admin = new ConsoleSession(desk.App);
        await admin.SignInAsync(StaffDesk.Admin);
        var page = await admin.PageAsync("/api/console/answers");
        Assert.DoesNotContain("小写字母", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"id\" value=\"\"", page, StringComparison.Ordinal);
        Assert.Contains("<button class=\"danger\" type=\"submit\">删除这条答复", page, StringComparison.Ordinal);
        var token = await admin.TokenFromAsync("/api/console/answers");

        using var saved = await admin.PostFormAsync("/api/console/answers", new()
        {
            ["_form"] = token, ["keywords"] = "年休假，带薪年假", ["text"] = "职工连续工作1年以上的，享受带薪年休假。", ["order"] = "70",
        });
        using var invalid = await admin.PostFormAsync("/api/console/answers", new() { ["_form"] = token, ["keywords"] = "", ["text"] = "有内容" });

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var answer = Assert.Single(await desk.Service<AnswerBook>().ListAsync(CancellationToken.None), a => a.Keywords.Contains("年休假"));
        Assert.Matches("^faq-[0-9a-f]{8}$", answer.Id);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("请填写 1 到 20 个关键词", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await desk.Service<AnswerBook>().ListAsync(CancellationToken.None), a => a.Keywords.Contains("年休假"));
    }

    [GeneratedRegex("<select id=\"assignee\" name=\"assignee\">.*?</select>", RegexOptions.Singleline)]
    private static partial Regex AssigneeSelect();

    [GeneratedRegex("<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>")]
    private static partial Regex Options();
}
