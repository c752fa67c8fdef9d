using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// The member's own pages under <c>/api/member</c>, opened from the chat or the menu: the electronic member card
/// (<c>/card</c>) and the application form (<c>/join</c>). Anonymous at the Functions host: the member is identified
/// by WeChat OAuth2 snsapi_base, as on the vote page; forms carry an anti-forgery token.
/// </summary>
public static class CardEndpoints
{
    public const string Root = "/api/member";
    public const string JoinPath = Root + "/join";

    public static IEndpointRouteBuilder MapMemberCard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).RequireRateLimiting(VoteRateLimits.PagePolicy).ExcludeFromDescription();
        group.MapGet("/card", ShowCardAsync);
        group.MapPost("/card/transfer", (HttpContext context, [AsParameters] Page page, MemberRegistry registry, VoteRateLimits limits, CancellationToken ct) =>
            RequestChangeAsync(context, page, registry, limits, ChangeKind.Transfer, ct));
        group.MapPost("/card/leave", (HttpContext context, [AsParameters] Page page, MemberRegistry registry, VoteRateLimits limits, CancellationToken ct) =>
            RequestChangeAsync(context, page, registry, limits, ChangeKind.Leave, ct));
        group.MapGet("/join", ShowJoinAsync);
        group.MapPost("/join", JoinAsync);
        return app;
    }

    /// <summary>What the member pages need, bundled for the handlers.</summary>
    public sealed record Page(
        MemberCardIdentity Identity, WeChatApiClient Api, MembershipLinks Links, IHostEnvironment Environment, TimeProvider Time,
        IAntiforgery Antiforgery, MembershipOptions Options);

    public static async Task<IResult> ShowCardAsync(HttpContext context, [AsParameters] Page page, MemberRegistry registry, CancellationToken ct)
    {
        if (await SignInAsync(context, page, MembershipLinks.CardPath, ct) is { } step)
        {
            return step;
        }
        if (await registry.GetAsync(page.Identity.OpenIdFrom(context.Request)!, ct) is not { Active: true } registration)
        {
            return CardPage.Message(MembershipTexts.NotMember, StatusCodes.Status404NotFound, JoinPath);
        }
        var now = page.Time.GetUtcNow();
        var notice = context.Request.Query["done"].ToString() is "Transfer" or "Leave" && registration.Change is { } open ? MembershipTexts.ChangeRequested(open.Kind) : null;
        return CardPage.Card(registration, MemberRegistry.CodeFor(registration, now), now, page.Antiforgery.GetAndStoreTokens(context), page.Options.Choices, notice);
    }

    /// <summary>转会 or 退会 from the card page: recorded for staff, who decide; the member is told in WeChat.</summary>
    public static async Task<IResult> RequestChangeAsync(HttpContext context, Page page, MemberRegistry registry, VoteRateLimits limits, ChangeKind kind, CancellationToken ct)
    {
        if (await CheckPostAsync(context, page, limits) is { } refused)
        {
            return refused;
        }
        var openId = page.Identity.OpenIdFrom(context.Request)!;
        var form = await context.Request.ReadFormAsync(ct);
        var note = form["note"].ToString().Trim();
        var union = form["union"].ToString();
        if (await registry.GetAsync(openId, ct) is not { Active: true } registration)
        {
            return CardPage.Message(MembershipTexts.NotMember, StatusCodes.Status404NotFound, JoinPath);
        }
        var now = page.Time.GetUtcNow();
        string? problem = note.Length > CardPage.ChangeNoteMax ? $"原因最多 {CardPage.ChangeNoteMax} 个字。"
            : kind == ChangeKind.Transfer && (!page.Options.Choices.Contains(union, StringComparer.Ordinal) || union == registration.Union) ? "请从列表中选择要转入的工会。"
            : kind == ChangeKind.Leave && form["confirm"] != "yes" ? "请勾选“我确认申请退出工会”后再提交。"
            : null;
        if (problem is not null)
        {
            return CardPage.Card(registration, MemberRegistry.CodeFor(registration, now), now, page.Antiforgery.GetAndStoreTokens(context), page.Options.Choices, problem, StatusCodes.Status400BadRequest);
        }
        var change = new MemberChange(kind, kind == ChangeKind.Transfer ? union : null, note.Length == 0 ? null : note, now);
        if (await registry.RequestChangeAsync(openId, change, ct) is null)
        {
            return CardPage.Message("您已有一项转会或退会申请在办理中，请等工会办理后再提交。", StatusCodes.Status409Conflict);
        }
        return Results.Redirect($"{MembershipLinks.CardPath}?done={kind}", permanent: false, preserveMethod: false);
    }

    /// <summary>A member's POST: <see cref="WeChatPageIdentity.CheckPostAsync"/>, answered in the join page's words.</summary>
    private static async Task<IResult?> CheckPostAsync(HttpContext context, Page page, VoteRateLimits limits)
    {
        var post = await page.Identity.CheckPostAsync(context, page.Antiforgery, limits.TryAcquireSubmission);
        return post.Refusal switch
        {
            PagePostRefusal.None => null,
            PagePostRefusal.NotAForm => JoinPage.Message("请在页面上填写后提交。", null, post.Status),
            PagePostRefusal.Expired => JoinPage.Message("页面已过期，请刷新页面后重新提交。", null, post.Status),
            PagePostRefusal.SignedOut => JoinPage.Message("请从公众号里的链接重新打开这个页面。", null, post.Status),
            _ => JoinPage.Message(VoteRateLimits.TooMany, null, post.Status),
        };
    }

    public static async Task<IResult> ShowJoinAsync(
        HttpContext context, [AsParameters] Page page, MemberStore members, ApplicationStore applications, CancellationToken ct)
    {
        if (await SignInAsync(context, page, JoinPath, ct) is { } step)
        {
            return step;
        }
        var standing = await JoinStanding.OfAsync(await members.GetAsync(page.Identity.OpenIdFrom(context.Request)!, ct), applications, ct);
        if (standing is { Latest: { IsOpen: true } pending } && context.Request.Query["done"] == "1")
        {
            return JoinPage.Message(MembershipTexts.Submitted(pending), null);
        }
        if (standing.Refusal is { } refusal)
        {
            return JoinPage.Message(refusal, standing.Registration is null ? null : MembershipLinks.CardPath);
        }
        return JoinPage.Form(page.Antiforgery.GetAndStoreTokens(context), page.Options, JoinForm.Empty, standing.AskedFor, null);
    }

    public static async Task<IResult> JoinAsync(
        HttpContext context, [AsParameters] Page page, MemberStore members, ApplicationStore applications, Applicant applicant,
        VoteRateLimits limits, CancellationToken ct)
    {
        if (await CheckPostAsync(context, page, limits) is { } refused)
        {
            return refused;
        }
        var openId = page.Identity.OpenIdFrom(context.Request)!;
        var form = JoinForm.From(await context.Request.ReadFormAsync(ct));
        if (form.Check(page.Options) is not { } answers)
        {
            return JoinPage.Form(page.Antiforgery.GetAndStoreTokens(context), page.Options, form, null, form.Errors, StatusCodes.Status400BadRequest);
        }
        var standing = await JoinStanding.OfAsync(await members.GetAsync(openId, ct), applications, ct);
        var now = page.Time.GetUtcNow();
        // The same form sent again is the same application (its id comes from the form's filing key): not a refusal.
        if (standing.Refusal is { } refusal && standing.Latest?.Id != ApplicationStore.NewId(form.Filing, now))
        {
            return JoinPage.Message(refusal, standing.Registration is null ? null : MembershipLinks.CardPath, StatusCodes.Status409Conflict);
        }
        var (filed, registration) = await applicant.SubmitAsync(openId, answers, form.Filing, standing.Replaces, now, ct);
        await members.SetJoinApplicationAsync(openId, filed.Id, ct);
        if (registration is not null)
        {
            await members.SetRegistrationAsync(openId, registration.ForProfile, ct);
            return JoinPage.Message(MembershipTexts.Approved(registration.Union, registration.Number), MembershipLinks.CardPath);
        }
        return Results.Redirect(JoinPath + "?done=1", permanent: false, preserveMethod: false);
    }

    /// <summary>The OAuth steps, or null once the member is signed in.</summary>
    private static Task<IResult?> SignInAsync(HttpContext context, Page page, string path, CancellationToken ct) =>
        page.Identity.SignInStepAsync(context, page.Api, page.Links.PublicBaseUrl, path, page.Environment.IsDevelopment(),
            () => CardPage.Message("登录已失效，请从公众号里重新打开这个页面。", StatusCodes.Status400BadRequest), ct);
}
