using Azure;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// A request that fails because WeChat or storage did not do their part gets an answer that says so, instead of a
/// bare 500: 503 with <c>Retry-After</c> when trying again later can help (WeChat busy or silent, storage unreachable),
/// 502 when WeChat refused the call, with its errcode (an IP not on the account's whitelist, a spent quota). Browsers
/// get a short page, everyone else problem JSON. Handlers check their input before they call out, so such a failure
/// has changed nothing a retry would repeat. Logged with the errcode and path only: never a body.
/// </summary>
public sealed partial class UpstreamFailures(RequestDelegate next, ILogger<UpstreamFailures> logger)
{
    public const int RetryAfterSeconds = 30;

    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && Describe(ex) is { } failure)
        {
            Log.Upstream(logger, failure.Status, http.Request.Path, failure.Log);
            if (failure.Status == StatusCodes.Status503ServiceUnavailable)
            {
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            var result = WantsHtml(http.Request)
                ? new HtmlPage(Page(failure), failure.Status)
                : Results.Problem(title: failure.Title, detail: failure.Detail, statusCode: failure.Status);
            await result.ExecuteAsync(http);
        }
    }

    public sealed record Failure(int Status, string Title, string Detail, string Log);

    /// <summary>What an exception means for the caller, or null when it is not an upstream failure (a bug stays a 500).</summary>
    public static Failure? Describe(Exception ex) => ex switch
    {
        WeChatApiException { Kind: WeChatErrorKind.Retryable or WeChatErrorKind.Timeout } w => new(
            StatusCodes.Status503ServiceUnavailable, "微信暂时没有应答，请稍后再试",
            $"WeChat did not answer in time or was busy ({w.ErrCode}); nothing was changed. Try again in a minute.", $"wechat {w.ErrCode} {w.Path}"),
        WeChatApiException { Kind: WeChatErrorKind.IpNotWhitelisted } w => new(
            StatusCodes.Status502BadGateway, "微信拒绝了本服务器的请求：服务器 IP 不在公众号的 IP 白名单中",
            $"WeChat refused the call ({w.ErrCode}): add this server's outbound IP to the account's IP whitelist.", $"wechat {w.ErrCode} {w.Path}"),
        WeChatApiException w => new(
            StatusCodes.Status502BadGateway, "微信拒绝了这次请求",
            $"WeChat answered {w.ErrCode} ({w.ErrMsg}) to {w.Path}; nothing was changed.", $"wechat {w.ErrCode} {w.Path}"),
        RequestFailedException { Status: 0 or >= 500 } s => new(
            StatusCodes.Status503ServiceUnavailable, "存储暂时不可用，请稍后再试",
            "Storage did not answer; nothing was changed. Try again in a minute.", $"storage {s.Status} {s.ErrorCode}"),
        AggregateException { InnerExceptions.Count: > 0 } a => Describe(a.InnerExceptions[0]),
        _ => null,
    };

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static string Page(Failure failure) => Html.Of($"""
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{failure.Title}</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6">
        <h1 style="font-size:1.25rem">{failure.Title}</h1><p>没有做任何更改。请稍后返回上一页重试；如果一直如此，请联系系统管理员。</p>
        <p style="color:#666;font-size:.875rem">{failure.Detail}</p></body></html>
        """).Value;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Request to {Path} answered {Status}: upstream failure {Failure}")]
        public static partial void Upstream(ILogger logger, int status, PathString path, string failure);
    }
}

public static class UpstreamFailuresExtensions
{
    /// <summary>Answers WeChat and storage failures with 502/503 and a clear reason (<see cref="UpstreamFailures"/>).</summary>
    public static IApplicationBuilder UseUpstreamFailures(this IApplicationBuilder app) => app.UseMiddleware<UpstreamFailures>();
}
