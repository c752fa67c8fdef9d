using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// <c>/api/staff/polls</c>: staff create, change, cancel and close polls (Write), read them, their results, a
/// recount and anomaly signals (Read); admins approve (Admin). When the audience is everyone, the poll (its opening,
/// closing and announcements) and any early close must be approved by a second admin — never the person who
/// created, changed or asked for it. No endpoint lists ballots or anything that links a member to a choice.
/// </summary>
public static class StaffPollEndpoints
{
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapStaffPolls(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/staff/polls").RequireAuthorization(StaffPolicies.Read);
        read.MapGet("/", ListAsync);
        read.MapGet("/{id}", GetAsync);
        read.MapGet("/{id}/results", ResultsAsync);
        read.MapGet("/{id}/results.csv", CsvAsync);
        read.MapGet("/{id}/chart.svg", ChartAsync);
        read.MapGet("/{id}/recount", RecountAsync);
        read.MapGet("/{id}/signals", SignalsAsync);

        var write = app.MapGroup("/api/staff/polls").RequireAuthorization(StaffPolicies.Write);
        write.MapPost("/", CreateAsync);
        write.MapPut("/{id}", ChangeAsync);
        write.MapPost("/{id}/cancel", CancelAsync);
        write.MapPost("/{id}/close", CloseAsync);

        var admin = app.MapGroup("/api/staff/polls").RequireAuthorization(StaffPolicies.Admin);
        admin.MapPost("/{id}/approve", ApproveAsync);
        admin.MapPost("/{id}/approve-close", ApproveCloseAsync);
        return app;
    }

    public static async Task<Ok<PollView[]>> ListAsync(PollStore polls, CancellationToken ct) =>
        TypedResults.Ok((await polls.ListAsync(ct)).Select(p => PollView.Of(p, [])).ToArray());

    public static async Task<Results<Ok<PollView>, NotFound>> GetAsync(string id, PollStore polls, PollAnnouncements announcements, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(PollView.Of(poll, (await announcements.ListAsync(poll, ct)).Select(a => AnnouncementView.Of(a.Kind, a.Notice)).ToList()));
    }

    public static async Task<Results<Created<PollView>, ValidationProblem>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, PollDesk desk, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var outcome = await desk.CreateAsync(body!, user.StaffName(), ct);
        return outcome.Errors is { } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Created($"/api/staff/polls/{outcome.Poll!.Id}", PollView.Of(outcome.Poll, []));
    }

    public static async Task<IResult> ChangeAsync(string id, HttpRequest request, ClaimsPrincipal user, PollDesk desk, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var outcome = await desk.ChangeAsync(id, body!, user.StaffName(), ct);
        return outcome.Errors is { } errors ? TypedResults.ValidationProblem(errors) : Translate(outcome);
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> ApproveAsync(
        string id, ClaimsPrincipal user, PollDesk desk, CancellationToken ct) =>
        Translate(await desk.ApproveAsync(id, user.StaffName(), ct));

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, PollDesk desk, CancellationToken ct) =>
        Translate(await desk.CancelAsync(id, user.StaffName(), ct));

    /// <summary>Closes an open poll now; for an everyone-audience poll this only asks (202), and a second admin approves.</summary>
    public static async Task<IResult> CloseAsync(string id, ClaimsPrincipal user, PollDesk desk, CancellationToken ct)
    {
        var outcome = await desk.CloseAsync(id, user.StaffName(), ct);
        return outcome is { Succeeded: true, Poll: { Audience.NeedsApproval: true, ClosedAt: null } asked }
            ? TypedResults.Accepted($"/api/staff/polls/{asked.Id}", PollView.Of(asked, []))
            : Translate(outcome);
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> ApproveCloseAsync(
        string id, ClaimsPrincipal user, PollDesk desk, CancellationToken ct) =>
        Translate(await desk.ApproveCloseAsync(id, user.StaffName(), ct));

    public static async Task<Results<Ok<ResultsView>, NotFound>> ResultsAsync(string id, PollStore polls, TallyReader tallies, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null ? TypedResults.NotFound() : TypedResults.Ok(ResultsView.Of(poll, await tallies.GetAsync(poll, ct)));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> CsvAsync(string id, PollStore polls, TallyReader tallies, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null
            ? TypedResults.NotFound()
            : TypedResults.File(ResultsCsv.Write(poll, await tallies.GetAsync(poll, ct)), "text/csv; charset=utf-8", $"poll-{poll.Id}-results.csv");
    }

    public static async Task<Results<ContentHttpResult, NotFound>> ChartAsync(string id, PollStore polls, TallyReader tallies, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null ? TypedResults.NotFound() : TypedResults.Text(ResultsChart.Svg(poll, await tallies.GetAsync(poll, ct)), "image/svg+xml");
    }

    /// <summary>Counts the ballots again and compares with the live tally (a scan of the poll's ballot partitions).</summary>
    public static async Task<Results<Ok<RecountResult>, NotFound>> RecountAsync(string id, PollStore polls, Recounter recounter, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null ? TypedResults.NotFound() : TypedResults.Ok(await recounter.RecountAsync(poll, ct));
    }

    public static async Task<Results<Ok<VoteSignal[]>, NotFound>> SignalsAsync(string id, PollStore polls, VoteSignals signals, CancellationToken ct)
    {
        var poll = await polls.GetAsync(id, ct);
        return poll is null ? TypedResults.NotFound() : TypedResults.Ok((await signals.ListAsync(poll.Id, ct)).ToArray());
    }

    private static Results<Ok<PollView>, NotFound, ProblemHttpResult> Translate(PollOutcome outcome) => outcome switch
    {
        { IsNotFound: true } => TypedResults.NotFound(),
        { Refusal.Code: NoticeRefusal.AudienceEmptyCode } => TypedResults.Problem(outcome.Refusal.Reason, statusCode: StatusCodes.Status409Conflict,
            title: "投票对象为空", extensions: new Dictionary<string, object?> { ["code"] = NoticeRefusal.AudienceEmptyCode }),
        { Refusal: { } refusal } => Problem(refusal),
        _ => TypedResults.Ok(PollView.Of(outcome.Poll!, [])),
    };

    private static ProblemHttpResult Problem(Refusal refusal) => refusal.Forbidden
        ? TypedResults.Problem(refusal.Reason, statusCode: StatusCodes.Status403Forbidden, title: "需要另一位管理员批准")
        : TypedResults.Problem(refusal.Reason, statusCode: StatusCodes.Status409Conflict, title: "现在不能这样做");


    private static async Task<(PollRequest? Body, ValidationProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // Read in two steps so the two kinds of problem are told apart: JSON that does not parse is a problem of the
        // body; a value of the wrong type ("opensAt": "soon") is named by its field, as every other problem is.
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return (null, BodyProblem($"不是有效的投票 JSON：{ex.Message}"));
        }
        using (document)
        {
            try
            {
                var body = document.Deserialize<PollRequest>(RequestJson);
                return body is null ? (null, BodyProblem("请求内容为空。")) : (body, null);
            }
            catch (JsonException ex)
            {
                return (null, FieldOf(ex.Path) is { } field
                    ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [WrongType(field)] })
                    : BodyProblem($"不是有效的投票 JSON：{ex.Path} {ex.Message}"));
            }
        }
    }

    private static ValidationProblem BodyProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] });

    // "$.opensAt" or "$.options[2]" → the request field it names (camelCase, as sent); null for the body itself.
    private static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }
        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        name = end >= 0 ? name[..end] : name;
        var property = typeof(PollRequest).GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : PollView.Camel(property.Name);
    }

    private static string WrongType(string field) => field.ToLowerInvariant() switch
    {
        "opensat" or "closesat" => "须为含时区的时间，如 2026-12-01T09:00:00+08:00。",
        "maxchoices" => "须为整数。",
        "announceresults" => "须为 true 或 false。",
        "options" or "tags" => "须为文字的列表，如 [\"甲\", \"乙\"]。",
        _ => "须为文字。",
    };
}
