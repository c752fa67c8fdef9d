using System.Security.Claims;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Staff.Pages;

/// <summary>
/// <c>/api/console/signin</c>: a staff key into an HttpOnly, SameSite=Strict session cookie (Secure over HTTPS).
/// Behind App Service Authentication the page offers the organisation's sign-in instead. Failures count against
/// the address; a locked-out address gets 429 and its attempt is not even checked.
/// </summary>
public static class SignInPages
{
    public static async Task<IResult> ShowAsync(HttpContext http, FormTokens tokens, StaffSessions sessions, StaffOptions options, string? returnUrl)
    {
        if (await sessions.ValidateAsync(http.Request.Cookies[StaffSessions.CookieName], http.RequestAborted) is not null)
        {
            return Results.Redirect(SafeReturn(returnUrl));
        }
        return Form(http.User, await tokens.IssueAsync(http, http.RequestAborted), options, returnUrl, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> SignInAsync(
        HttpContext http, FormTokens tokens, StaffSessions sessions, SignInThrottle throttle, StaffOptions options)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var address = ClientAddress.Of(http);
        var token = await tokens.IssueAsync(http, http.RequestAborted);
        if (throttle.IsLockedOut(address, out var wait))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Form(http.User, token, options, returnUrl, $"尝试次数过多，请 {Math.Ceiling(wait.TotalMinutes)} 分钟后再试。", StatusCodes.Status429TooManyRequests);
        }
        var typed = form["key"].ToString().Trim();
        if (typed.Length == 0)
        {
            return Form(http.User, token, options, returnUrl, "请输入工作台密钥。", StatusCodes.Status400BadRequest);
        }
        var key = StaffKeyAuthenticationHandler.Match(options.ParsedKeys(), typed);
        if (key is null)
        {
            throttle.RecordFailure(address);
            // A short key is simply wrong, and said so here in Chinese rather than by the browser's own (English) check.
            return Form(http.User, token, options, returnUrl, typed.Length < StaffOptions.MinSecretLength
                ? $"密钥不正确：工作台密钥至少 {StaffOptions.MinSecretLength} 位，请核对后重新输入。"
                : "密钥不正确，请核对后重新输入。", StatusCodes.Status401Unauthorized);
        }
        throttle.RecordSuccess(address);
        http.Response.Cookies.Append(StaffSessions.CookieName, await sessions.IssueAsync(key, http.RequestAborted), sessions.CookieOptions(http.Request));
        return Results.Redirect(SafeReturn(returnUrl));
    }

    public static IResult SignOut(HttpContext http, StaffSessions sessions, StaffOptions options)
    {
        http.Response.Cookies.Delete(StaffSessions.CookieName, sessions.CookieOptions(http.Request));
        return Results.Redirect(options.TrustAppServiceAuthentication && http.Request.Cookies[StaffSessions.CookieName] is null
            ? "/.auth/logout?post_logout_redirect_uri=" + Uri.EscapeDataString(StaffExtensions.ConsoleSignInPath)
            : StaffExtensions.ConsoleSignInPath);
    }

    /// <summary>Only a console path of this site: never another site (open redirect), never a protocol-relative URL.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 500 }
        && returnUrl.StartsWith(ConsoleLayout.Root + "/", StringComparison.Ordinal)
        && !returnUrl.Contains("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : ConsoleLayout.Root + "/";

    private static IResult Form(ClaimsPrincipal user, string token, StaffOptions options, string? returnUrl, string? error, int status)
    {
        var easyAuth = options.TrustAppServiceAuthentication
            ? Html.Of($"""<p><a href="/.auth/login/aad?post_login_redirect_uri={Uri.EscapeDataString(ConsoleLayout.Root + "/")}">使用单位账号登录</a></p><p class="muted">或使用工作台密钥：</p>""")
            : Markup.Empty;
        var message = error is null ? Markup.Empty : Html.Of($"""<section class="error" role="alert">{error}</section>""");
        var body = Html.Of($"""
            {message}<section>{easyAuth}
            {ConsoleLayout.Form(StaffExtensions.ConsoleSignInPath, token, Html.Of($"""
                <input type="hidden" name="returnUrl" value="{SafeReturn(returnUrl)}">
                <label for="key">工作台密钥</label>
                <p><input id="key" name="key" type="password" autocomplete="current-password" size="32"></p>
                <button class="primary" type="submit">登录</button>
                """))}
            </section>
            """);
        return ConsoleLayout.Page("登录", body, user, null, status);
    }
}
