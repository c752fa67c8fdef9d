using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Staff;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// The survey staff API under <c>/api/staff/surveys</c>: any staff role reads surveys and results; triage and admins
/// create, publish and close. Results and the export never carry an openid.
/// </summary>
public static class StaffSurveyEndpoints
{
    public const string Root = "/api/staff/surveys";

    public static IEndpointRouteBuilder MapSurveyApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup(Root).RequireAuthorization(StaffPolicies.Read);
        staff.MapGet("/", async (SurveyStore store, CancellationToken ct) =>
            TypedResults.Json<IReadOnlyList<SurveyView>>([.. (await store.ListAsync(ct)).Select(SurveyView.Of)], StaffJson.Options));
        staff.MapGet("/{id}", async Task<Results<JsonHttpResult<SurveyView>, NotFound>> (string id, SurveyStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } s ? TypedResults.Json(SurveyView.Of(s), StaffJson.Options) : TypedResults.NotFound());
        staff.MapGet("/{id}/results", ResultsAsync);
        staff.MapGet("/{id}/responses.csv", ExportAsync);
        staff.MapGet("/{id}/responses.xlsx", ExportExcelAsync);
        var write = staff.MapGroup("/").RequireAuthorization(StaffPolicies.Write);
        write.MapPost("/", CreateAsync);
        write.MapPost("/{id}/publish", (string id, HttpContext http, SurveyDesk desk, CancellationToken ct) =>
            RespondAsync(desk.PublishAsync(id, http.User.StaffName(), ct)));
        write.MapPost("/{id}/close", (string id, HttpContext http, SurveyDesk desk, CancellationToken ct) =>
            RespondAsync(desk.CloseAsync(id, http.User.StaffName(), ct)));
        return app;
    }

    public static async Task<IResult> CreateAsync(SurveyRequest body, HttpContext http, SurveyDesk desk, CancellationToken ct)
    {
        if (body.Settings() is not { } settings)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = ["需要 title、audience.kind（all、tags 或 registered）、opensAt 和 closesAt。"],
            });
        }
        var outcome = await desk.CreateAsync(settings, body.Questions ?? [], http.User.StaffName(), ct);
        return outcome.Errors is { } errors
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Created($"{Root}/{outcome.Survey!.Id}", SurveyView.Of(outcome.Survey));
    }

    public static async Task<IResult> ResultsAsync(string id, string? q, SurveyStore store, ResponseStore responses, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } survey)
        {
            return TypedResults.NotFound();
        }
        var report = SurveyReport.Of(survey, await responses.ListAsync(survey, ct), q);
        return TypedResults.Json(ResultsView.Of(report), StaffJson.Options);
    }

    public static Task<IResult> ExportAsync(string id, SurveyStore store, ResponseStore responses, CancellationToken ct) =>
        WriteExportAsync(id, store, responses, SurveyExport.Csv, "text/csv; charset=utf-8", "csv", ct);

    public static Task<IResult> ExportExcelAsync(string id, SurveyStore store, ResponseStore responses, CancellationToken ct) =>
        WriteExportAsync(id, store, responses, SurveyExport.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", ct);

    private static async Task<IResult> WriteExportAsync(string id, SurveyStore store, ResponseStore responses,
        Func<Survey, IReadOnlyList<SurveyResponse>, byte[]> write, string contentType, string extension, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } survey)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.File(write(survey, await responses.ListAsync(survey, ct)), contentType, $"survey-{survey.Id}.{extension}");
    }

    private static async Task<IResult> RespondAsync(Task<SurveyOutcome> action)
    {
        var outcome = await action;
        return outcome.Refusal switch
        {
            null => TypedResults.Json(SurveyView.Of(outcome.Survey!), StaffJson.Options),
            { Code: "not-found" } => TypedResults.NotFound(),
            var r => TypedResults.Problem(r.Reason, statusCode: StatusCodes.Status409Conflict, title: "现在不能这样做"),
        };
    }
}

/// <summary>The body of <c>POST /api/staff/surveys</c>.</summary>
public sealed record SurveyRequest(
    string? Title, string? Intro, string? Thanks, AudienceRequest? Audience, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt,
    bool Anonymous, bool Announce, IReadOnlyList<QuestionRequest>? Questions)
{
    public SurveySettings? Settings()
    {
        var kind = Audience?.Kind?.ToLowerInvariant() switch
        {
            "all" => AudienceKind.All,
            "tags" => AudienceKind.Tags,
            "registered" => AudienceKind.Registered,
            _ => (AudienceKind?)null,
        };
        return Title is null || kind is null || OpensAt is not { } opens || ClosesAt is not { } closes ? null
            : new SurveySettings(Title, Intro ?? "", Thanks ?? "", new PollAudience(kind.Value, kind == AudienceKind.Tags ? [.. (Audience!.Tags ?? []).Select(t => t.Trim())] : []),
                opens, closes, Anonymous, Announce);
    }
}

public sealed record QuestionView(string Kind, string Title, IReadOnlyList<string> Options, int MaxChoices, bool Required, bool MayOpenCase);

public sealed record SurveyView(
    string Id, string Title, string Intro, string Thanks, string Status, string Audience, IReadOnlyList<string> Tags, DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt, bool Anonymous, bool Announce, bool FitsChat, int? AudienceSize, IReadOnlyList<QuestionView> Questions, IReadOnlyList<SurveyEvent> History)
{
    public static SurveyView Of(Survey s) => new(
        s.Id, s.Title, s.Intro, s.Thanks, s.Status.ToString(), s.Audience.Kind.ToString(), s.Audience.Tags, s.OpensAt, s.ClosesAt, s.Anonymous, s.Announce,
        s.FitsChat, s.AudienceSize,
        [.. s.Questions.Select(q => new QuestionView(q.Kind.ToString(), q.Title, q.Options, q.MaxChoices, q.Required, q.MayOpenCase))], s.History);
}

public sealed record QuestionResultView(string Title, string Kind, int Answered, IReadOnlyList<int> Counts, double? Average, IReadOnlyList<TextAnswer> Texts);

public sealed record ResultsView(int Responses, int? AudienceSize, double? ResponseRate, IReadOnlyList<QuestionResultView> Questions)
{
    public static ResultsView Of(SurveyReport r) => new(r.Responses, r.AudienceSize, r.Rate is { } rate ? Math.Round(rate, 4) : null,
        [.. r.Questions.Select(q => new QuestionResultView(q.Question.Title, q.Question.Kind.ToString(), q.Answered, q.Counts, q.Average, q.Texts))]);
}
