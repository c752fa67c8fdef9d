using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// The membership staff API under <c>/api/staff/membership</c>: applications (any staff role reads; triage and admins
/// decide), the registry export (admins), statistics, and the member card check. Mobiles are masked except for admins.
/// </summary>
public static class MembershipEndpoints
{
    public const string Root = "/api/staff/membership";

    public static IEndpointRouteBuilder MapMembershipApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup(Root).RequireAuthorization(StaffPolicies.Read);
        staff.MapGet("/applications", ListAsync);
        staff.MapGet("/applications/{id}", GetAsync);
        var write = staff.MapGroup("/applications/{id}").RequireAuthorization(StaffPolicies.Write);
        write.MapPost("/approve", (string id, DecisionRequest body, HttpContext http, MembershipDesk desk, CancellationToken ct) =>
            Respond(desk.ApproveAsync(id, body.Union, http.User.StaffName(), ct), http));
        write.MapPost("/decline", (string id, DecisionRequest body, HttpContext http, MembershipDesk desk, CancellationToken ct) =>
            Respond(desk.DeclineAsync(id, body.Reason, http.User.StaffName(), ct), http));
        write.MapPost("/ask", (string id, DecisionRequest body, HttpContext http, MembershipDesk desk, CancellationToken ct) =>
            Respond(desk.AskForMoreAsync(id, body.Question, http.User.StaffName(), ct), http));
        staff.MapGet("/changes", ChangesAsync);
        var changes = staff.MapGroup("/changes/{number}").RequireAuthorization(StaffPolicies.Write);
        changes.MapPost("/approve", (string number, HttpContext http, MembershipDesk desk, CancellationToken ct) =>
            RespondChange(desk.DecideChangeAsync(number, approve: true, null, http.User.StaffName(), ct)));
        changes.MapPost("/decline", (string number, DecisionRequest body, HttpContext http, MembershipDesk desk, CancellationToken ct) =>
            RespondChange(desk.DecideChangeAsync(number, approve: false, body.Reason, http.User.StaffName(), ct)));
        staff.MapGet("/stats", StatsAsync);
        staff.MapGet("/check", CheckAsync);
        staff.MapGet("/registry.csv", ExportAsync).RequireAuthorization(StaffPolicies.Admin);
        return app;
    }

    public static async Task<Results<JsonHttpResult<IReadOnlyList<ApplicationView>>, ValidationProblem>> ListAsync(
        HttpContext http, ApplicationStore applications, CancellationToken ct)
    {
        var given = http.Request.Query["status"].ToString();
        var status = MembershipLabels.Parse(given);
        if (given.Length > 0 && status is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["must be Pending, NeedsMore, Approved, Declined or Replaced"] });
        }
        var list = await applications.ListAsync(status, ct);
        return TypedResults.Json<IReadOnlyList<ApplicationView>>([.. list.Select(a => ApplicationView.Of(a, http.User.IsAdmin()))], StaffJson.Options);
    }

    public static async Task<Results<JsonHttpResult<ApplicationView>, NotFound>> GetAsync(string id, HttpContext http, ApplicationStore applications, CancellationToken ct) =>
        await applications.GetAsync(id, ct) is { } a ? TypedResults.Json(ApplicationView.Of(a, http.User.IsAdmin()), StaffJson.Options) : TypedResults.NotFound();

    private static async Task<IResult> Respond(Task<DecisionOutcome> decision, HttpContext http)
    {
        var outcome = await decision;
        if (outcome.Refusal is { } refusal)
        {
            var status = refusal.Code switch { "not-found" => StatusCodes.Status404NotFound, "decided" => StatusCodes.Status409Conflict, _ => StatusCodes.Status400BadRequest };
            return TypedResults.Problem(refusal.Reason, statusCode: status);
        }
        return TypedResults.Json(new DecisionView(ApplicationView.Of(outcome.Application!, http.User.IsAdmin()), outcome.Told, outcome.Delivery?.ToString()), StaffJson.Options);
    }

    /// <summary>Open 转会 and 退会 requests, oldest first.</summary>
    public static async Task<JsonHttpResult<IReadOnlyList<ChangeView>>> ChangesAsync(MemberRegistry registry, CancellationToken ct) =>
        TypedResults.Json<IReadOnlyList<ChangeView>>(
            [.. (await registry.ListAsync(ct)).Where(r => r is { Active: true, Change: not null }).OrderBy(r => r.Change!.At).Select(ChangeView.Of)], StaffJson.Options);

    private static async Task<IResult> RespondChange(Task<(Registration? Registration, Refusal? Refusal)> decision)
    {
        var (registration, refusal) = await decision;
        if (refusal is not null)
        {
            return TypedResults.Problem(refusal.Reason, statusCode: refusal.Code == "not-found" ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
        return TypedResults.Json(new { number = registration!.Number, union = registration.Union, active = registration.Active }, StaffJson.Options);
    }

    public static async Task<JsonHttpResult<MembershipReport>> StatsAsync(MemberRegistry registry, TimeProvider time, CancellationToken ct) =>
        TypedResults.Json(MembershipStatistics.Compute(await registry.ListAsync(ct), time.GetUtcNow()), StaffJson.Options);

    /// <summary>A read, so a GET that any staff role may make (the code is today's only, and request lines are not logged).</summary>
    public static async Task<Results<JsonHttpResult<CardCheckView>, NotFound>> CheckAsync(string? number, string? code, MemberRegistry registry, CancellationToken ct) =>
        await registry.CheckCardAsync(number ?? "", code ?? "", ct) is { } r
            ? TypedResults.Json(new CardCheckView(r.Number, r.Name, r.Union, r.Since), StaffJson.Options)
            : TypedResults.NotFound();

    /// <summary>The registry as CSV for admins: active members with their full mobile, never an openid.</summary>
    public static async Task<IResult> ExportAsync(MemberRegistry registry, TimeProvider time, CancellationToken ct)
    {
        var rows = (await registry.ListAsync(ct)).Where(r => r.Active).OrderBy(r => r.Number, StringComparer.Ordinal)
            .Select(r => (IReadOnlyList<string?>)[r.Number, r.Name, r.Mobile, r.Employer, r.Union, ChinaTime.Format(r.Since, "yyyy-MM-dd")]);
        var csv = Csv.Write(["会员号", "姓名", "手机", "工作单位", "所属工会", "入会日期"], rows);
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"members-{ChinaTime.Day(time.GetUtcNow())}.csv");
    }
}

/// <summary>The body of the decision calls: <c>union</c> to approve, <c>reason</c> to decline, <c>question</c> to ask for more.</summary>
public sealed record DecisionRequest(string? Union, string? Reason, string? Question);

public sealed record DecisionView(ApplicationView Application, bool WorkerTold, string? Delivery);

public sealed record CardCheckView(string Number, string Name, string Union, DateTimeOffset Since);

/// <summary>A member's open request as staff see it: no openid, no mobile.</summary>
public sealed record ChangeView(string Number, string Name, string Union, string Kind, string? ToUnion, string? Note, DateTimeOffset At)
{
    public static ChangeView Of(Registration r) => new(r.Number, r.Name, r.Union, r.Change!.Kind.ToString(), r.Change.ToUnion, r.Change.Note, r.Change.At);
}

/// <summary>An application as staff see it: no openid, and the mobile masked unless the reader is an admin.</summary>
public sealed record ApplicationView(
    string Id, string Status, string Name, string Mobile, string Employer, string Job, string EmployerUnion, DateTimeOffset SubmittedAt,
    string? Note, string? Union, string? MemberNumber, string? DecidedBy, DateTimeOffset? DecidedAt, IReadOnlyList<ApplicationEvent> History)
{
    public static ApplicationView Of(JoinApplication a, bool admin) => new(
        a.Id, a.Status.ToString(), a.Name, admin ? a.Mobile : JoinRules.Mask(a.Mobile), a.Employer, a.Job, a.EmployerUnion, a.SubmittedAt,
        a.Note, a.Union, a.MemberNumber, a.DecidedBy, a.DecidedAt, a.History);
}
