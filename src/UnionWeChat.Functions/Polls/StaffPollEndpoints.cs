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
    public const string AudienceEmpty = "投票对象中目前没有关注者，开始时的通知不会发给任何人；请修改投票对象（标签或范围）后再批准。";

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
        HttpRequest request, ClaimsPrincipal user, PollStore polls, PollsOptions options, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        var errors = body!.Validate(now, options);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var basis = new Poll
        {
            Id = PollStore.NewId(),
            Title = "",
            Options = [],
            Audience = PollAudience.Everyone,
            OpensAt = now,
            ClosesAt = now,
            CreatedBy = user.StaffName(),
            CreatedAt = now,
            Partitions = options.BallotPartitions,
            CountersPerPartition = options.CountersPerPartition,
            Salt = PollStore.NewSalt(),
        };
        var poll = body.ToPoll(basis);
        poll = await polls.CreateAsync(PollLifecycle.Created(poll), ct);
        return TypedResults.Created($"/api/staff/polls/{poll.Id}", PollView.Of(poll, []));
    }

    public static async Task<Results<Ok<PollView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string id, HttpRequest request, ClaimsPrincipal user, PollStore polls, PollsOptions options, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        var errors = body!.Validate(now, options);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var (poll, refusal) = await DecideAsync(id, polls, p => PollLifecycle.Change(p, body.ToPoll(p), user.StaffName(), now), ct);
        if (poll is null)
        {
            return TypedResults.NotFound();
        }
        return refusal is null ? TypedResults.Ok(PollView.Of(poll, [])) : Problem(refusal);
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> ApproveAsync(
        string id, ClaimsPrincipal user, PollStore polls, PollAudienceSource audience, TimeProvider time, CancellationToken ct)
    {
        // An announced poll whose audience is nobody would open in silence: refused with the reason, nothing approved.
        if (await polls.GetAsync(id, ct) is { Status: PollStatus.AwaitingApproval, Channel: not AnnouncementChannel.None } pending
            && await audience.CountAsync(pending.Audience, ct) == 0)
        {
            return TypedResults.Problem(AudienceEmpty, statusCode: StatusCodes.Status409Conflict, title: "投票对象为空",
                extensions: new Dictionary<string, object?> { ["code"] = NoticeRefusal.AudienceEmptyCode });
        }
        var (poll, refusal) = await DecideAsync(id, polls, p => PollLifecycle.Approve(p, user.StaffName(), time.GetUtcNow()), ct);
        if (poll is null)
        {
            return TypedResults.NotFound();
        }
        return refusal is null ? TypedResults.Ok(PollView.Of(poll, [])) : Problem(refusal);
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, PollStore polls, TimeProvider time, CancellationToken ct)
    {
        var (poll, refusal) = await DecideAsync(id, polls, p => PollLifecycle.Cancel(p, user.StaffName(), time.GetUtcNow()), ct);
        if (poll is null)
        {
            return TypedResults.NotFound();
        }
        return refusal is null ? TypedResults.Ok(PollView.Of(poll, [])) : Problem(refusal);
    }

    /// <summary>Closes an open poll now; for an everyone-audience poll this only asks, and a second admin approves.</summary>
    public static async Task<Results<Ok<PollView>, Accepted<PollView>, NotFound, ProblemHttpResult>> CloseAsync(
        string id, ClaimsPrincipal user, PollStore polls, PollScheduler scheduler, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (poll, refusal) = await DecideAsync(id, polls, p => PollLifecycle.RequestClose(p, user.StaffName(), now), ct);
        if (poll is null)
        {
            return TypedResults.NotFound();
        }
        if (refusal is not null)
        {
            return Problem(refusal);
        }
        return poll.Audience.NeedsApproval
            ? TypedResults.Accepted($"/api/staff/polls/{poll.Id}", PollView.Of(poll, []))
            : TypedResults.Ok(await CloseNowAsync(poll, polls, scheduler, now, ct));
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> ApproveCloseAsync(
        string id, ClaimsPrincipal user, PollStore polls, PollScheduler scheduler, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (poll, refusal) = await DecideAsync(id, polls, p => PollLifecycle.ApproveClose(p, user.StaffName(), now), ct);
        if (poll is null)
        {
            return TypedResults.NotFound();
        }
        return refusal is null ? TypedResults.Ok(await CloseNowAsync(poll, polls, scheduler, now, ct)) : Problem(refusal);
    }

    // An early close the lifecycle allowed: the poll closes now (and its results follow as the timer's would).
    private static async Task<PollView> CloseNowAsync(Poll poll, PollStore polls, PollScheduler scheduler, DateTimeOffset now, CancellationToken ct)
    {
        await scheduler.CloseAsync(poll, now, ct);
        return PollView.Of(await polls.GetAsync(poll.Id, ct) ?? poll, []);
    }

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

    // Reads the poll, asks the lifecycle, saves its answer with the ETag (asking again after a conflict).
    private static async Task<(Poll? Poll, Refusal? Refusal)> DecideAsync(
        string id, PollStore polls, Func<Poll, Decision<Poll>> decide, CancellationToken ct)
    {
        Refusal? refusal = null;
        var result = await polls.ChangeAsync(id, p =>
        {
            var decision = decide(p);
            refusal = decision.Refusal;
            return decision.Next;
        }, ct);
        return (result?.Poll, refusal);
    }

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
