using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Notices;
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
        poll = await polls.CreateAsync(poll with { Status = poll.Audience.NeedsApproval ? PollStatus.AwaitingApproval : PollStatus.Scheduled }, ct);
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
        string? refusal = null;
        var result = await polls.ChangeAsync(id, p =>
        {
            refusal = NotYetOpen(p, now) ? null : "投票已经开始或已结束，不能再修改。";
            if (refusal is not null)
            {
                return null;
            }
            var changed = body.ToPoll(p);
            // Any change needs a fresh approval, and the one who changed it cannot give it.
            return changed with
            {
                Status = changed.Audience.NeedsApproval ? PollStatus.AwaitingApproval : PollStatus.Scheduled,
                ChangedBy = user.StaffName(),
                ApprovedBy = null,
                ApprovedAt = null,
            };
        }, ct);
        return result switch
        {
            null => TypedResults.NotFound(),
            _ when refusal is not null => Conflict(refusal),
            { } r => TypedResults.Ok(PollView.Of(r.Poll, [])),
        };
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
        var approver = user.StaffName();
        var now = time.GetUtcNow();
        string? refusal = null;
        var forbidden = false;
        var result = await polls.ChangeAsync(id, p =>
        {
            (refusal, forbidden) = p switch
            {
                { Status: not PollStatus.AwaitingApproval } => ("这项投票不在待批准状态。", false),
                _ when p.CreatedBy == approver || p.ChangedBy == approver => ("创建或修改投票的人不能批准它，须由另一位管理员批准。", true),
                _ when now >= p.ClosesAt => ("投票截止时间已过，请先修改时间。", false),
                _ => (null, false),
            };
            return refusal is null ? p with { Status = PollStatus.Scheduled, ApprovedBy = approver, ApprovedAt = now } : null;
        }, ct);
        return result switch
        {
            null => TypedResults.NotFound(),
            _ when forbidden => TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "需要另一位管理员批准"),
            _ when refusal is not null => Conflict(refusal),
            { } r => TypedResults.Ok(PollView.Of(r.Poll, [])),
        };
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, PollStore polls, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        string? refusal = null;
        var result = await polls.ChangeAsync(id, p =>
        {
            refusal = NotYetOpen(p, now) ? null : "投票已经开始或已结束，不能撤销；可以提前结束。";
            return refusal is null ? p with { Status = PollStatus.Cancelled, ChangedBy = user.StaffName() } : null;
        }, ct);
        return result switch
        {
            null => TypedResults.NotFound(),
            _ when refusal is not null => Conflict(refusal),
            { } r => TypedResults.Ok(PollView.Of(r.Poll, [])),
        };
    }

    /// <summary>Closes an open poll now; for an everyone-audience poll this only asks, and a second admin approves.</summary>
    public static async Task<Results<Ok<PollView>, Accepted<PollView>, NotFound, ProblemHttpResult>> CloseAsync(
        string id, ClaimsPrincipal user, PollStore polls, PollScheduler scheduler, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var who = user.StaffName();
        string? refusal = null;
        var result = await polls.ChangeAsync(id, p =>
        {
            refusal = p.AcceptsBallotsAt(now) ? null : "只能提前结束正在进行的投票（未开始的可以撤销）。";
            if (refusal is not null)
            {
                return null;
            }
            return p.Audience.NeedsApproval
                ? p.CloseRequestedBy is null ? p with { CloseRequestedBy = who, CloseRequestedAt = now } : null
                : p with { ClosesAt = now, ClosedEarlyBy = who };
        }, ct);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        if (refusal is not null)
        {
            return Conflict(refusal);
        }
        var poll = result.Value.Poll;
        if (poll.Audience.NeedsApproval)
        {
            return TypedResults.Accepted($"/api/staff/polls/{poll.Id}", PollView.Of(poll, []));
        }
        await scheduler.CloseAsync(poll, now, ct);
        return TypedResults.Ok(PollView.Of(await polls.GetAsync(id, ct) ?? poll, []));
    }

    public static async Task<Results<Ok<PollView>, NotFound, ProblemHttpResult>> ApproveCloseAsync(
        string id, ClaimsPrincipal user, PollStore polls, PollScheduler scheduler, TimeProvider time, CancellationToken ct)
    {
        var approver = user.StaffName();
        var now = time.GetUtcNow();
        string? refusal = null;
        var forbidden = false;
        var result = await polls.ChangeAsync(id, p =>
        {
            (refusal, forbidden) = p switch
            {
                { CloseRequestedBy: null } => ("没有待批准的提前结束请求。", false),
                _ when !p.AcceptsBallotsAt(now) => ("投票已不在进行中。", false),
                _ when p.CloseRequestedBy == approver => ("提出提前结束的人不能批准它，须由另一位管理员批准。", true),
                _ => (null, false),
            };
            return refusal is null ? p with { ClosesAt = now, ClosedEarlyBy = $"{p.CloseRequestedBy}, {approver}" } : null;
        }, ct);
        if (result is null)
        {
            return TypedResults.NotFound();
        }
        if (refusal is not null)
        {
            return forbidden ? TypedResults.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "需要另一位管理员批准") : Conflict(refusal);
        }
        await scheduler.CloseAsync(result.Value.Poll, now, ct);
        return TypedResults.Ok(PollView.Of(await polls.GetAsync(id, ct) ?? result.Value.Poll, []));
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

    private static bool NotYetOpen(Poll p, DateTimeOffset now) =>
        p.Status == PollStatus.AwaitingApproval || (p.Status == PollStatus.Scheduled && now < p.OpensAt);

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "现在不能这样做");


    private static async Task<(PollRequest? Body, ValidationProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<PollRequest>(request.Body, RequestJson, ct);
            return body is null
                ? (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["请求内容为空。"] }))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"不是有效的投票 JSON：{ex.Path} {ex.Message}"] }));
        }
    }
}
