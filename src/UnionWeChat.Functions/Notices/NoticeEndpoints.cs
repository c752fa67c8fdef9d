using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// <c>/api/staff/notices</c>: viewers list and follow progress; triage staff create, pause, resume and cancel;
/// admins approve notices to everyone, which the notice's creator may not do for their own.
/// </summary>
public static class NoticeEndpoints
{
    public const string Prefix = "/api/staff/notices";

    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup(Prefix).RequireAuthorization(StaffPolicies.Read);
        read.MapGet("", ListAsync);
        read.MapGet("/{id}", GetAsync);

        var write = app.MapGroup(Prefix).RequireAuthorization(StaffPolicies.Write);
        write.MapPost("", CreateAsync);
        write.MapPost("/{id}/pause", Step(NoticeLifecycle.Pause));
        write.MapPost("/{id}/resume", Step(NoticeLifecycle.Resume));
        write.MapPost("/{id}/cancel", Step(NoticeLifecycle.Cancel));

        var admin = app.MapGroup(Prefix).RequireAuthorization(StaffPolicies.Admin);
        admin.MapPost("/{id}/approve", Step(NoticeLifecycle.Approve));
        return app;
    }

    public static async Task<Ok<IReadOnlyList<NoticeView>>> ListAsync(NoticeStore store, NoticeOptions options, CancellationToken ct)
    {
        var notices = await store.ListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<NoticeView>>(notices.Select(n => NoticeView.Of(n, options)).ToList());
    }

    public static async Task<Results<Ok<NoticeView>, NotFound>> GetAsync(
        string id, NoticeStore store, NoticeProgressReader progress, NoticeOptions options, CancellationToken ct)
    {
        var notice = await store.GetAsync(id, ct);
        return notice is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(NoticeView.Of(notice, options, await progress.ReadAsync(notice, ct)));
    }

    public static async Task<Results<Created<NoticeView>, ValidationProblem>> CreateAsync(
        NoticeRequest request, ClaimsPrincipal user, NoticeStore store, AudienceResolver audiences, FollowerTags tags,
        NoticeOptions options, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = request.Validate(now, audiences.PollsAvailable);
        if (errors.Count == 0 && request.Audience?.PollId is { } pollId && !await audiences.Polls!.ExistsAsync(pollId, ct))
        {
            errors["audience.pollId"] = ["没有这个投票"];
        }
        if (errors.Count == 0 && string.Equals(request.Audience?.Kind, "tags", StringComparison.OrdinalIgnoreCase) && request.Audience?.Tags is { Count: > 0 } tagNames
            && (await tags.FindAsync(tagNames.Select(t => t.Trim()), ct)).Unknown is { Count: > 0 } unknown)
        {
            // Tags live at WeChat; a name it does not know would reach nobody.
            errors["audience.tags"] = [$"微信公众号没有这些标签：{string.Join("、", unknown)}（unknown WeChat tag: {string.Join(", ", unknown)}）"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var notice = request.ToNotice(NoticeKeys.NewId(now), user.StaffName(), now, options.Buckets);
        await store.CreateAsync(notice, ct);
        return TypedResults.Created($"{Prefix}/{notice.Id}", NoticeView.Of(notice, options));
    }

    /// <summary>A staff step on one notice (approve, pause, resume, cancel), bound by name to the route.</summary>
    public delegate Task<Results<Ok<NoticeView>, NotFound, ProblemHttpResult>> NoticeStep(
        string id, ClaimsPrincipal user, NoticeStore store, NoticeOptions options, TimeProvider time, CancellationToken ct);

    // The endpoint for one lifecycle rule: who and when come from the request, the rule decides.
    private static NoticeStep Step(Func<Notice, string, DateTimeOffset, Decision<Notice>> rule) =>
        (id, user, store, options, time, ct) => ChangeAsync(id, store, options, n => rule(n, user.StaffName(), time.GetUtcNow()), ct);

    // A status change checked against the notice as it is now, saved with its ETag.
    private static async Task<Results<Ok<NoticeView>, NotFound, ProblemHttpResult>> ChangeAsync(
        string id, NoticeStore store, NoticeOptions options, Func<Notice, Decision<Notice>> decide, CancellationToken ct)
    {
        if (!NoticeKeys.IsId(id))
        {
            return TypedResults.NotFound();
        }
        Refusal? refusal = null;
        var result = await store.ChangeAsync(id, n =>
        {
            var decision = decide(n);
            refusal = decision.Refusal;
            return decision.Next;
        }, ct);
        if (result.Notice is null)
        {
            return TypedResults.NotFound();
        }
        if (refusal is null && result.Notice is { Status: NoticeStatus.Refused, Refusal: { } refused })
        {
            refusal = new Refusal(refused.Reason, Code: refused.Code);
        }
        return refusal is null
            ? TypedResults.Ok(NoticeView.Of(result.Notice, options))
            : TypedResults.Problem(refusal.Reason, statusCode: refusal.Forbidden ? 403 : 409, title: refusal.Forbidden ? "不允许" : "状态不符",
                extensions: refusal.Code is null ? null : new Dictionary<string, object?> { ["code"] = refusal.Code });
    }
}
