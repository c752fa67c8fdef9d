using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Staff;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Menu;

/// <summary>The menu as configured, and publishing it to WeChat (admins only).</summary>
public static class MenuEndpoints
{
    public static IEndpointRouteBuilder MapMenu(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/staff/menu").RequireAuthorization(StaffPolicies.Admin);
        group.MapGet("", (MenuOptions menu) => TypedResults.Ok(menu.Effective));
        group.MapPost("/publish", PublishAsync);
        return app;
    }

    public static async Task<Results<Ok<PublishResult>, ProblemHttpResult>> PublishAsync(MenuOptions menu, WeChatApiClient api, CancellationToken ct)
    {
        try
        {
            await api.CreateMenuAsync(menu.ToWeChat(), ct);
            return TypedResults.Ok(new PublishResult(true, menu.Effective.Count));
        }
        catch (WeChatApiException ex)
        {
            return TypedResults.Problem($"WeChat refused the menu: errcode {ex.ErrCode} {ex.ErrMsg}", statusCode: StatusCodes.Status502BadGateway);
        }
    }

    public sealed record PublishResult(bool Published, int TopLevelButtons);
}
