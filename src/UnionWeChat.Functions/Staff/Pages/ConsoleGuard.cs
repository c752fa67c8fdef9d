using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Staff.Pages;

/// <summary>
/// Runs before every console handler: sets the security headers, and refuses any POST whose form does not carry
/// this browser's anti-forgery token (so no console form can be forgotten), or whose body is oversized.
/// </summary>
public sealed class ConsoleGuard(FormTokens tokens) : IEndpointFilter
{
    public const long MaxFormBytes = 64 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ConsoleLayout.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";

        if (HttpMethods.IsPost(http.Request.Method))
        {
            // Uploads (a member list) have their own path and limit; every other form is small.
            var max = http.Request.Path.StartsWithSegments(ConsoleLayout.UploadRoot, StringComparison.OrdinalIgnoreCase) ? ConsoleLayout.MaxUploadBytes : MaxFormBytes;
            if (http.Request.ContentLength is null || http.Request.ContentLength > max || !http.Request.HasFormContentType)
            {
                return Refused(StatusCodes.Status400BadRequest, "请求无效。");
            }
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                // Malformed or over-limit form encoding (e.g. a NUL character): refused, not a server error.
                return Refused(StatusCodes.Status400BadRequest, "请求无效。");
            }
            if (!await tokens.ValidateAsync(http, form[FormTokens.FieldName], http.RequestAborted))
            {
                return Refused(StatusCodes.Status400BadRequest, "页面已过期或来源不明，请返回刷新后重试。");
            }
        }
        return await next(context);

        IResult Refused(int status, string message) =>
            ConsoleLayout.Page("无法提交", Html.Of($"""<section class="error">{message} <a href="{ConsoleLayout.Root}/">返回</a></section>"""),
                http.User, null, status);
    }
}
