using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// <c>/api/member/card</c>: the electronic member card, opened from the chat (会员卡) or the menu. Anonymous at the
/// Functions host: the member is identified by WeChat OAuth2 snsapi_base, as on the vote page.
/// </summary>
public static class CardEndpoints
{
    public const string Root = "/api/member";

    public static IEndpointRouteBuilder MapMemberCard(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).RequireRateLimiting(VoteRateLimits.PagePolicy).ExcludeFromDescription();
        group.MapGet("/card", ShowAsync);
        return app;
    }

    public static async Task<IResult> ShowAsync(
        HttpContext context, MemberCardIdentity identity, WeChatApiClient api, MemberRegistry registry, MembershipLinks links,
        IHostEnvironment environment, TimeProvider time, CancellationToken ct)
    {
        if (context.Request.Query.ContainsKey("code"))
        {
            // Drop the code from the address bar (and from history) once it is spent.
            return await identity.CompleteSignInAsync(context, api, ct)
                ? Results.Redirect(MembershipLinks.CardPath)
                : CardPage.Message("登录已失效，请从公众号里重新打开会员卡。", StatusCodes.Status400BadRequest);
        }
        var openId = identity.OpenIdFrom(context.Request);
        if (openId is null)
        {
            return Results.Redirect(identity.StartSignIn(context, api, links.PublicBaseUrl, MembershipLinks.CardPath, environment.IsDevelopment()));
        }
        if (await registry.GetAsync(openId, ct) is not { Active: true } registration)
        {
            return CardPage.Message(MembershipTexts.NotMember, StatusCodes.Status404NotFound);
        }
        var now = time.GetUtcNow();
        return CardPage.Card(registration, MemberRegistry.CodeFor(registration, now), now);
    }
}
