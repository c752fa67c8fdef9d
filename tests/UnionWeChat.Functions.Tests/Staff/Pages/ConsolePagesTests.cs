using System.Net;
using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

/// <summary>The console's pages and forms over HTTP (the browser test covers the main path in Chromium).</summary>
public sealed class ConsolePagesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_status_change_the_table_does_not_allow_shows_the_reason_and_changes_nothing()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerPages0000000000001", "欠薪");
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Triage);
        var token = await browser.TokenFromAsync($"/api/console/cases/{c.Number}");

        using var refused = await browser.PostFormAsync($"/api/console/cases/{c.Number}/status", new() { ["_form"] = token, ["status"] = "Closed\u0000" });
        using var skipped = await browser.PostFormAsync($"/api/console/cases/{c.Number}/status", new() { ["_form"] = token, ["status"] = "Resolved" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.Contains("cannot become Resolved", await skipped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseStatus.New, (await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_form_for_a_case_that_does_not_exist_is_404_for_triage()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Triage);
        var token = await browser.TokenFromAsync("/api/console/");

        using var missing = await browser.PostFormAsync("/api/console/cases/TS-20990101-0001/notes", new() { ["_form"] = token, ["text"] = "备注" });
        using var page = await browser.Http.GetAsync("/api/console/cases/TS-20990101-0001");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Admins_edit_answers_in_the_console_and_triage_staff_cannot_open_the_page()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var admin = new ConsoleSession(desk.App);
        await admin.SignInAsync(StaffDesk.Admin);
        using var triage = new ConsoleSession(desk.App);
        await triage.SignInAsync(StaffDesk.Triage);
        var token = await admin.TokenFromAsync("/api/console/answers");

        using var saved = await admin.PostFormAsync("/api/console/answers", new()
        {
            ["_form"] = token, ["id"] = "overtime", ["keywords"] = "加班，加班费", ["text"] = "加班费：工作日1.5倍，休息日2倍，法定节假日3倍。", ["order"] = "7",
        });
        using var invalid = await admin.PostFormAsync("/api/console/answers", new() { ["_form"] = token, ["id"] = "x", ["keywords"] = "", ["text"] = "" });
        using var forbidden = await triage.Http.GetAsync("/api/console/answers");

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var answer = Assert.Single(await desk.Service<AnswerBook>().ListAsync(CancellationToken.None), a => a.Id == "overtime");
        Assert.Equal(["加班", "加班费"], answer.Keywords);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var deleted = await admin.PostFormAsync("/api/console/answers/overtime/delete", new() { ["_form"] = token });
        Assert.Equal(HttpStatusCode.SeeOther, deleted.StatusCode);
        Assert.DoesNotContain(await desk.Service<AnswerBook>().ListAsync(CancellationToken.None), a => a.Id == "overtime");
    }

    [Fact]
    public async Task Console_pages_forbid_scripts_and_framing_and_are_not_cached()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Viewer);

        using var page = await browser.Http.GetAsync("/api/console/stats");

        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Contains("<svg", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_export_is_the_same_csv_and_bad_filters_are_explained()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        await desk.CreateCaseAsync("oWorkerPages0000000000002", "工伤", anonymous: true);
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Viewer);

        var csv = await browser.Http.GetByteArrayAsync("/api/console/cases.csv");
        using var bad = await browser.Http.GetAsync("/api/console/?status=Lost");

        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        Assert.DoesNotContain("oWorkerPages0000000000002", System.Text.Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
