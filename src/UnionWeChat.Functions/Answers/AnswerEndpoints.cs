using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Answers;

/// <summary>
/// Staff edit the keyword answers: <c>/api/staff/answers</c> (any staff role reads, admins write) and the console page
/// <c>/api/console/answers</c> (admins).
/// </summary>
public static class AnswerEndpoints
{
    public static IEndpointRouteBuilder MapAnswers(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff/answers").RequireAuthorization(StaffPolicies.Read);
        staff.MapGet("/", ListAsync);
        var admin = staff.MapGroup("/").RequireAuthorization(StaffPolicies.Admin);
        admin.MapPut("/{id}", SaveAsync);
        admin.MapDelete("/{id}", DeleteAsync);

        var page = app.MapConsoleGroup().MapGroup("/answers")
            .RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Read), StaffPolicies.OnConsole(StaffPolicies.Admin));
        page.MapGet("/", AnswersPage.ShowAsync);
        page.MapPost("/", AnswersPage.SaveAsync);
        page.MapPost("/{id}/delete", AnswersPage.DeleteAsync);
        return app;
    }

    public static async Task<JsonHttpResult<IReadOnlyList<Answer>>> ListAsync(AnswerBook answers, CancellationToken ct) =>
        TypedResults.Json(await answers.ListAsync(ct), StaffJson.Options);

    public static async Task<Results<JsonHttpResult<Answer>, ValidationProblem>> SaveAsync(
        string id, AnswerRequest body, AnswerBook answers, CancellationToken ct)
    {
        var (answer, errors) = AnswerRules.Check(id, body.Keywords, body.Text, body.Order);
        if (answer is null)
        {
            return TypedResults.ValidationProblem(errors);
        }
        await answers.SaveAsync(answer, ct);
        return TypedResults.Json(answer, StaffJson.Options);
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(string id, AnswerBook answers, CancellationToken ct) =>
        await answers.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}

/// <summary>The body of <c>PUT /api/staff/answers/{id}</c>.</summary>
public sealed record AnswerRequest(IReadOnlyList<string>? Keywords, string? Text, int? Order);
