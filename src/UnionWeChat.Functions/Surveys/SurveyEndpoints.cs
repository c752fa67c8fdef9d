using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// The survey page <c>/api/survey/{id}</c>, opened from the announcement: anonymous at the Functions host, the member
/// identified by WeChat OAuth2 snsapi_base as on the vote page; the form carries an anti-forgery token. One response
/// per member, shown back and changeable until the survey closes.
/// </summary>
public static class SurveyEndpoints
{
    /// <summary>Thirty long answers in UTF-8, form-encoded, fit with room; a 10,000-character answer still reaches the form's own check.</summary>
    public const int BodyLimit = 512 * 1024;

    public static IEndpointRouteBuilder MapSurveyPage(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(SurveyLinks.Root).RequireRateLimiting(VoteRateLimits.PagePolicy).ExcludeFromDescription();
        group.MapGet("/{id}", ShowAsync);
        group.MapPost("/{id}", SubmitAsync);
        return app;
    }

    /// <summary>What the page needs, bundled for the handlers.</summary>
    public sealed record Page(
        SurveyIdentity Identity, WeChatApiClient Api, SurveyLinks Links, IHostEnvironment Environment, TimeProvider Time,
        IAntiforgery Antiforgery, SurveyStore Surveys, ResponseStore Responses, MemberStore Members);

    public static async Task<IResult> ShowAsync(string id, HttpContext context, [AsParameters] Page page, CancellationToken ct)
    {
        var path = SurveyLinks.Root + "/" + id;
        if (await page.Surveys.GetForAnsweringAsync(id, ct) is not { Status: not SurveyStatus.Draft } survey)
        {
            return SurveyPage.Message("没有找到这份问卷，请从公众号里的通知重新打开。", StatusCodes.Status404NotFound);
        }
        if (await page.Identity.SignInStepAsync(context, page.Api, page.Links.PublicBaseUrl, path, page.Environment.IsDevelopment(),
            () => SurveyPage.Message("登录已失效，请从公众号里重新打开这个页面。", StatusCodes.Status400BadRequest), ct) is { } step)
        {
            return step;
        }
        var openId = page.Identity.OpenIdFrom(context.Request)!;
        if (await RefuseAsync(survey, openId, page, ct) is { } refused)
        {
            return refused;
        }
        var earlier = await page.Responses.GetAsync(survey, openId, ct);
        return SurveyPage.Form(survey, SurveyForm.Empty(survey, earlier), page.Antiforgery.GetAndStoreTokens(context), earlier is not null);
    }

    public static async Task<IResult> SubmitAsync(string id, HttpContext context, [AsParameters] Page page, Respondent respondent, VoteRateLimits limits, CancellationToken ct)
    {
        var post = await page.Identity.CheckPostAsync(context, page.Antiforgery, limits.TryAcquireSubmission);
        if (post.Refusal != PagePostRefusal.None)
        {
            return SurveyPage.Message(post.Refusal switch
            {
                PagePostRefusal.NotAForm => "请在问卷页面上填写后提交。",
                PagePostRefusal.Expired => "页面已过期，请从公众号里重新打开问卷再提交。",
                PagePostRefusal.SignedOut => "请从公众号里的链接重新打开这个页面。",
                _ => VoteRateLimits.TooMany,
            }, post.Status);
        }
        var openId = post.OpenId!;
        if (await page.Surveys.GetForAnsweringAsync(id, ct) is not { Status: not SurveyStatus.Draft } survey)
        {
            return SurveyPage.Message("没有找到这份问卷。", StatusCodes.Status404NotFound);
        }
        var now = page.Time.GetUtcNow();
        if (!survey.AcceptsAt(now))
        {
            // Said before any field's problem: nothing the member changes would be taken now.
            return SurveyPage.Message(SurveyTexts.NotTaking(survey, now), StatusCodes.Status409Conflict);
        }
        var (form, answers) = SurveyForm.Read(survey, await context.Request.ReadFormAsync(ct));
        var tokens = page.Antiforgery.GetAndStoreTokens(context);
        if (answers is null)
        {
            var earlier = await page.Responses.GetAsync(survey, openId, ct);
            return SurveyPage.Form(survey, form, tokens, earlier is not null, status: StatusCodes.Status400BadRequest);
        }
        // The audience check reads the member as the page's GET did, kept for a short while on this instance: the
        // response then costs its one write (a member who unfollowed a minute ago may still answer).
        var member = await page.Members.GetRecentAsync(openId, ct);
        var outcome = await respondent.SubmitAsync(survey, openId, member, answers, form.Help, ResponseChannel.Page, ct);
        return outcome.Result switch
        {
            SubmitResult.Saved or SubmitResult.Changed => SurveyPage.Thanks(survey, outcome),
            SubmitResult.Invalid => SurveyPage.Form(survey, form, tokens, await page.Responses.GetAsync(survey, openId, ct) is not null, outcome.Problem, StatusCodes.Status400BadRequest),
            SubmitResult.NotInAudience => SurveyPage.Message(outcome.Problem!, StatusCodes.Status403Forbidden),
            _ => SurveyPage.Message(outcome.Problem!, StatusCodes.Status409Conflict),
        };
    }

    private static async Task<IResult?> RefuseAsync(Survey survey, string openId, Page page, CancellationToken ct)
    {
        var now = page.Time.GetUtcNow();
        if (!survey.AcceptsAt(now))
        {
            return SurveyPage.Message(SurveyTexts.NotTaking(survey, now), survey.HasEndedAt(now) ? StatusCodes.Status410Gone : StatusCodes.Status200OK);
        }
        return survey.Audience.Includes(await page.Members.GetRecentAsync(openId, ct))
            ? null
            : SurveyPage.Message(SurveyTexts.NotForYou(survey), StatusCodes.Status403Forbidden);
    }
}
