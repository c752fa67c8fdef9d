using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The case page's forms (<c>POST /api/console/cases/{number}/{action}</c>), done through <see cref="CaseDesk"/> like
/// the API. Success redirects back to the case (303, so a reload does not post again); refused input shows the
/// case again with the reason.
/// </summary>
public static class CaseActions
{
    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPost("/reply", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "reply", http, page, (f, who, ct) => desk.ReplyAsync(number, f["text"], who, ct)));
        cases.MapPost("/assign", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "assign", http, page, (f, who, ct) => desk.AssignAsync(number, f["assignee"], who, ct)));
        cases.MapPost("/status", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "status", http, page, (f, who, ct) => CaseLabels.TryParse<CaseStatus>(f["status"], out var to)
                ? desk.ChangeStatusAsync(number, to, f["note"], who, ct)
                : Task.FromResult(DeskResult.Invalid("status", "请选择状态"))));
        cases.MapPost("/priority", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "priority", http, page, (f, who, ct) =>
                CaseLabels.TryParse<CasePriority>(f["priority"], out var priority) && CaseLabels.TryParse<SlaTier>(f["tier"], out var tier)
                    ? desk.SetPriorityAsync(number, priority, tier, who, ct)
                    : Task.FromResult(DeskResult.Invalid("priority", "请选择优先级和办理级别"))));
        cases.MapPost("/notes", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "note", http, page, (f, who, ct) => desk.AddNoteAsync(number, f["text"], who, ct)));
        cases.MapPost("/transfer", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "transfer", http, page, (f, who, ct) => desk.TransferAsync(number, f["team"], f["note"], who, ct)));
        cases.MapPost("/transfer-result", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "transfer-result", http, page, (f, who, ct) => desk.RecordTransferResultAsync(number, f["result"], who, ct)));
        cases.MapPost("/merge", (string number, HttpContext http, CaseDesk desk, [AsParameters] Page page) =>
            RunAsync(number, "merge", http, page, (f, who, ct) => desk.MergeAsync(number, f["into"], who, ct)));
    }

    private static async Task<IResult> RunAsync(string number, string done, HttpContext http, Page page,
        Func<IFormCollection, string, CancellationToken, Task<DeskResult>> action)
    {
        var ct = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(ct);
        var result = await action(form, http.User.StaffName(), ct);
        if (result.Succeeded)
        {
            http.Response.Headers.Location = $"{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(number)}?done={done}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        var status = result.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
        return await CasePage.RenderAsync(number, http, page.Cases, page.Clock, page.Time, page.Tokens, page.Assignees, null,
            $"{result.Field}：{result.Problem}", status, ct);
    }

    /// <summary>What re-rendering the case page needs, bundled for the handlers above.</summary>
    public sealed record Page(CaseStore Cases, SlaClock Clock, TimeProvider Time, FormTokens Tokens, Assignees Assignees);
}
