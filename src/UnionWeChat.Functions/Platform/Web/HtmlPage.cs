using System.Text;

namespace UnionWeChat.Functions.Platform.Web;

/// <summary>
/// A server-rendered page with the headers every vote page carries: no script may run, forms post only here,
/// nothing frames it, and neither the URL (which can hold an OAuth code) nor the page is kept or passed on.
/// </summary>
public sealed class HtmlPage(string html, int statusCode = StatusCodes.Status200OK) : IResult
{
    public string Html { get; } = html;

    public int StatusCode { get; } = statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["Content-Security-Policy"] =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(Html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
