using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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
        NoticeRequest request, ClaimsPrincipal user, NoticeCreation creation, NoticeOptions options, CancellationToken ct)
    {
        var created = await creation.CreateAsync(request, user.StaffName(), ct);
        return created.Notice is { } notice
            ? TypedResults.Created($"{Prefix}/{notice.Id}", NoticeView.Of(notice, options))
            : TypedResults.ValidationProblem(created.Errors);
    }

    /// <summary>A staff step on one notice (approve, pause, resume, cancel), bound by name to the route.</summary>
    public delegate Task<Results<Ok<NoticeView>, NotFound, ProblemHttpResult>> NoticeStep(
        string id, ClaimsPrincipal user, NoticeSteps steps, NoticeOptions options, CancellationToken ct);

    // The endpoint for one lifecycle rule: who comes from the request, the rule decides, the answer is translated.
    private static NoticeStep Step(Func<Notice, string, DateTimeOffset, Decision<Notice>> rule) =>
        async (id, user, steps, options, ct) =>
        {
            var (notice, refusal) = await steps.RunAsync(id, user.StaffName(), rule, ct);
            if (notice is null)
            {
                return TypedResults.NotFound();
            }
            return refusal is null
                ? TypedResults.Ok(NoticeView.Of(notice, options))
                : TypedResults.Problem(refusal.Reason, statusCode: refusal.Forbidden ? 403 : 409, title: refusal.Forbidden ? "不允许" : "状态不符",
                    extensions: refusal.Code is null ? null : new Dictionary<string, object?> { ["code"] = refusal.Code });
        };
}
