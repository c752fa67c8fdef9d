using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// Stands in for the WeChat browser's signed-in user. Inside WeChat, the OAuth authorize page knows who opened a
/// link; here the simulator page sets a cookie naming the member whose chat the link was tapped in, and an authorize
/// request without <c>openid=</c> is sent back to the API stand-in with that member's openid added.
/// </summary>
public static class SimulatedIdentity
{
    /// <summary>The cookie the page sets (simulator.js uses the same name).</summary>
    public const string CookieName = "wechat_sim_openid";

    public static IApplicationBuilder UseSimulatedIdentity(this IApplicationBuilder app, string authorizePath) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method)
                && request.Path.Equals(authorizePath, StringComparison.OrdinalIgnoreCase)
                && string.IsNullOrEmpty(request.Query["openid"])
                && request.Cookies[CookieName] is { } openId
                && Member.IsOpenId(openId))
            {
                var query = request.QueryString.Add("openid", openId);
                context.Response.Redirect(request.PathBase + request.Path + query);
                return;
            }
            await next(context);
        });
}
