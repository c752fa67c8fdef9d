using Microsoft.AspNetCore.Http.Features;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// Refuses a request body larger than a route's limit before anything reads it: otherwise a 10 MB body is read into
/// memory and parsed whole (a JSON body, or a form for the anti-forgery check), only to fail a check afterwards.
/// <c>/api/wechat</c> has its own limit (<c>WeChat__MaxBodyBytes</c>), checked as it reads.
/// </summary>
public sealed class BodyLimit(RequestDelegate next, long maxBytes, string what)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            await Results.Problem(
                title: "Request body too large",
                detail: $"{what} may be at most {maxBytes / 1024} KiB.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(http);
            return;
        }
        // A chunked body declares no length: the server stops reading it at the limit instead (Kestrel; read-only
        // once reading has begun, and absent under the test server).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }
        await next(http);
    }
}

public static class BodyLimitExtensions
{
    /// <summary>
    /// Limits request bodies under <paramref name="prefix"/> to <paramref name="maxBytes"/>; <paramref name="what"/> names
    /// them in the error. Bodies under <paramref name="except"/> are left to that path's own (larger) limit.
    /// </summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, string prefix, long maxBytes, string what, string? except = null)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)
                && (except is null || !http.Request.Path.StartsWithSegments(except, StringComparison.OrdinalIgnoreCase)),
            branch => branch.UseMiddleware<BodyLimit>(maxBytes, what));
        return app;
    }
}
