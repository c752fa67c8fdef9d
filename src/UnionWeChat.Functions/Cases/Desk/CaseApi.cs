using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The staff JSON API under <c>/api/staff</c>. Reads need any staff role; writes need triage or admin, and the
/// policy is checked before the case is looked up, so a viewer learns nothing (403) about whether a case exists.
/// </summary>
public static class CaseApi
{
    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.Read);
        staff.MapGet("/cases", ListAsync);
        staff.MapGet("/cases.csv", ExportAsync);
        staff.MapGet("/cases/{number}", GetAsync);
        staff.MapGet("/cases/{number}/evidence/{id}", EvidenceAsync);
        staff.MapGet("/stats", StatsAsync);
        staff.MapGet("/breaches", BreachesAsync);

        var write = staff.MapGroup("/cases/{number}").RequireAuthorization(StaffPolicies.Write);
        write.MapPost("/assign", AssignAsync);
        write.MapPost("/status", StatusAsync);
        write.MapPost("/priority", PriorityAsync);
        write.MapPost("/notes", NoteAsync);
        write.MapPost("/replies", ReplyAsync);
        write.MapPost("/transfer", TransferAsync);
        write.MapPost("/transfer/result", TransferResultAsync);
        write.MapPost("/merge", MergeAsync);
        return app;
    }

    public static async Task<Results<JsonHttpResult<CaseList>, ValidationProblem>> ListAsync(HttpRequest request, CaseSearch search, CancellationToken ct)
    {
        var (query, errors) = CaseQuery.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Json(await search.PageAsync(query, ct), StaffJson.Options);
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> ExportAsync(
        HttpRequest request, CaseSearch search, TimeProvider time, CancellationToken ct)
    {
        var (query, errors) = CaseQuery.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var day = ChinaTime.Day(time.GetUtcNow());
        return TypedResults.File(CaseCsv.Write(await search.AllAsync(query, ct)), "text/csv; charset=utf-8", $"cases-{day}.csv");
    }

    public static async Task<Results<JsonHttpResult<StaffCaseDetail>, NotFound>> GetAsync(
        string number, CaseStore cases, SlaClock clock, TimeProvider time, CancellationToken ct)
    {
        var detail = await DetailAsync(number, cases, clock, time, ct);
        return detail is null ? TypedResults.NotFound() : TypedResults.Json(detail, StaffJson.Options);
    }

    /// <summary>An evidence file's bytes (<c>?download=1</c>: as an attachment); each serving is in the case's history.</summary>
    public static Task<IResult> EvidenceAsync(string number, string id, HttpContext http, EvidenceViewer evidence, CancellationToken ct) =>
        evidence.ServeAsync(number, id, http.Request.Query["download"] == "1", http.User.StaffName(), http.Response, ct);

    /// <summary>A case with its history as staff see it (shared with the console).</summary>
    public static async Task<StaffCaseDetail?> DetailAsync(string number, CaseStore cases, SlaClock clock, TimeProvider time, CancellationToken ct)
    {
        var c = await cases.GetAsync(number, ct);
        if (c is null)
        {
            return null;
        }
        var history = await cases.HistoryAsync(number, ct);
        return new StaffCaseDetail(StaffCaseView.Of(c, clock, time.GetUtcNow()),
            history.OrderBy(e => e.At).Select(e => StaffCaseEvent.Of(e, c)).ToList(),
            c.MergedInto is null ? CaseTransitions.From(c.Status) : []);
    }

    public static async Task<Results<JsonHttpResult<StatsReport>, ValidationProblem>> StatsAsync(
        HttpRequest request, CaseStatistics statistics, CancellationToken ct)
    {
        var (range, errors) = StatsRange(request.Query, statistics);
        if (range is not { } r)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Json(await statistics.ComputeAsync(r.From, r.To, ct), StaffJson.Options);
    }

    /// <summary>The <c>from</c>/<c>to</c> of a statistics request, defaulting to the last 12 weeks.</summary>
    public static ((DateOnly From, DateOnly To)? Range, Dictionary<string, string[]> Errors) StatsRange(IQueryCollection q, CaseStatistics statistics)
    {
        var errors = new Dictionary<string, string[]>();
        var (from, to) = statistics.DefaultRange();
        foreach (var (name, apply) in new (string, Action<DateOnly>)[] { ("from", d => from = d), ("to", d => to = d) })
        {
            if (q[name].ToString() is { Length: > 0 } raw)
            {
                if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    apply(day);
                }
                else
                {
                    errors[name] = ["must be a date, yyyy-MM-dd"];
                }
            }
        }
        if (errors.Count == 0 && (from > to || to.DayNumber - from.DayNumber > CaseStatistics.MaxDays))
        {
            errors["from"] = [$"must not be after 'to', and the range at most {CaseStatistics.MaxDays} days"];
        }
        return (errors.Count == 0 ? (from, to) : null, errors);
    }

    public static async Task<JsonHttpResult<IReadOnlyList<BreachRecord>>> BreachesAsync(BreachLedger ledger, TimeProvider time, CancellationToken ct) =>
        TypedResults.Json(await ledger.ListAsync(time.GetUtcNow().AddDays(-90), ct), StaffJson.Options);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> AssignAsync(
        string number, AssignRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.AssignAsync(number, body.Assignee, user.StaffName(), ct), clock, time);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> StatusAsync(
        string number, StatusRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        CaseLabels.TryParse<CaseStatus>(body.Status, out var status)
            ? RespondAsync(desk.ChangeStatusAsync(number, status, body.Note, user.StaffName(), ct), clock, time)
            : Task.FromResult(Invalid("status", $"must be one of {CaseLabels.Names<CaseStatus>()}"));

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> PriorityAsync(
        string number, PriorityRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        CasePriority? priority = null;
        SlaTier? tier = null;
        if (body.Priority is not null)
        {
            if (!CaseLabels.TryParse<CasePriority>(body.Priority, out var p))
            {
                return Task.FromResult(Invalid("priority", $"must be one of {CaseLabels.Names<CasePriority>()}"));
            }
            priority = p;
        }
        if (body.Tier is not null)
        {
            if (!CaseLabels.TryParse<SlaTier>(body.Tier, out var t))
            {
                return Task.FromResult(Invalid("tier", $"must be one of {CaseLabels.Names<SlaTier>()}"));
            }
            tier = t;
        }
        return RespondAsync(desk.SetPriorityAsync(number, priority, tier, user.StaffName(), ct), clock, time);
    }

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> NoteAsync(
        string number, NoteRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.AddNoteAsync(number, body.Text, user.StaffName(), ct), clock, time);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> ReplyAsync(
        string number, ReplyRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.ReplyAsync(number, body.Text, user.StaffName(), ct), clock, time);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> TransferAsync(
        string number, TransferRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.TransferAsync(number, body.Team, body.Note, user.StaffName(), ct), clock, time);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> TransferResultAsync(
        string number, TransferResultRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.RecordTransferResultAsync(number, body.Result, user.StaffName(), ct), clock, time);

    public static Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> MergeAsync(
        string number, MergeRequest body, CaseDesk desk, SlaClock clock, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        RespondAsync(desk.MergeAsync(number, body.Into, user.StaffName(), ct), clock, time);

    private static async Task<Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem>> RespondAsync(
        Task<DeskResult> action, SlaClock clock, TimeProvider time)
    {
        var result = await action;
        if (result.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (result.Case is not { } c)
        {
            return Invalid(result.Field!, result.Problem!);
        }
        return TypedResults.Json(new DeskResponse(StaffCaseView.Of(c, clock, time.GetUtcNow()), result.Reply), StaffJson.Options);
    }

    private static Results<JsonHttpResult<DeskResponse>, NotFound, ValidationProblem> Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] });
}
