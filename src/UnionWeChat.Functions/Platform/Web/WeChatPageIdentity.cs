using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Platform.Web;

/// <summary>Where a member's page lives and how its sign-in cookie is named and kept.</summary>
/// <param name="Path">The pages' path (the cookie is sent only below it), e.g. <c>/api/vote</c>.</param>
/// <param name="CookieName">The signed-in cookie.</param>
/// <param name="Purpose">The Data Protection purpose: a cookie made for one area is refused by another.</param>
/// <param name="Lifetime">How long a sign-in lasts.</param>
public sealed record PageArea(string Path, string CookieName, string Purpose, TimeSpan Lifetime)
{
    /// <summary>The OAuth state cookie: one per area, so two pages signing in at once do not spoil each other's.</summary>
    public string StateCookieName => CookieName + "_oauth";
}

/// <summary>Why a member's form was not taken, before anything in it was read.</summary>
public enum PagePostRefusal
{
    None,
    /// <summary>Not a form (400).</summary>
    NotAForm,
    /// <summary>No valid anti-forgery token: the page is old or the form was not this site's (400).</summary>
    Expired,
    /// <summary>Not signed in to this page's area (401).</summary>
    SignedOut,
    /// <summary>Over the member's submission limit (429).</summary>
    TooMany,
}

/// <summary>The signed-in member who sent a form, or why it was refused; <see cref="Status"/> is the HTTP answer for a refusal.</summary>
public readonly record struct PagePost(string? OpenId, PagePostRefusal Refusal)
{
    public int Status => Refusal switch
    {
        PagePostRefusal.SignedOut => StatusCodes.Status401Unauthorized,
        PagePostRefusal.TooMany => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}

/// <summary>
/// Who opened a member's page from WeChat (the vote page, the member card, the survey page): the openid from WeChat's OAuth2
/// snsapi_base code exchange, kept in an HttpOnly cookie protected with ASP.NET Core Data Protection (keys shared by
/// every instance, see TableXmlRepository). The openid never comes from a form field or the query, so no one can act
/// as someone else. https://developers.weixin.qq.com/doc/service/guide/h5/
/// </summary>
public abstract class WeChatPageIdentity(IDataProtectionProvider protection, TimeProvider time, PageArea area)
{
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = protection.CreateProtector(area.Purpose);

    public PageArea Area { get; } = area;

    /// <summary>The signed-in member's openid, or null (no cookie, tampered, expired, or made for another area).</summary>
    public string? OpenIdFrom(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cookie = request.Cookies[Area.CookieName];
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(cookie);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var bar = payload.LastIndexOf('|');
        return bar > 0
            && long.TryParse(payload[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires
                ? payload[..bar]
                : null;
    }

    public void SignIn(HttpContext context, string openId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expires = time.GetUtcNow() + Area.Lifetime;
        var value = _protector.Protect(openId + "|" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        context.Response.Cookies.Append(Area.CookieName, value, Cookie(context, expires));
        context.Response.Cookies.Delete(Area.StateCookieName, Cookie(context, null));
    }

    /// <summary>
    /// WeChat's authorize address that brings the member back to <paramref name="pagePath"/> with a code, and a fresh
    /// state remembered in a short-lived cookie so a callback we did not start is refused. In Development the WeChat
    /// stand-in's authorize page is told who the simulated member is (<c>?openid=</c> on the page's address).
    /// </summary>
    public string StartSignIn(HttpContext context, WeChatApiClient api, string? publicBaseUrl, string pagePath, bool development)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        var origin = string.IsNullOrEmpty(publicBaseUrl) ? ClientAddress.Origin(context) : publicBaseUrl.TrimEnd('/');
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Area.StateCookieName, state, Cookie(context, time.GetUtcNow() + StateLifetime));
        var url = api.BuildOAuthUrl(new Uri(origin + pagePath), state);
        if (development && context.Request.Query["openid"].ToString() is { Length: > 0 } simulated && OpenIds.IsValid(simulated))
        {
            var hash = url.IndexOf('#', StringComparison.Ordinal);
            url = url.Insert(hash < 0 ? url.Length : hash, "&openid=" + simulated);
        }
        return url;
    }

    /// <summary>
    /// The callback: checks the state against its cookie and spends the code. False for a callback we did not start and
    /// for used, expired or made-up codes (WeChat says 40029/40163); a new tap on the link gets a fresh one.
    /// </summary>
    public async Task<bool> CompleteSignInAsync(HttpContext context, WeChatApiClient api, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        var query = context.Request.Query;
        var expected = context.Request.Cookies[Area.StateCookieName];
        var state = query["state"].ToString();
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(state)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(state)))
        {
            return false;
        }
        try
        {
            SignIn(context, (await api.ExchangeOAuthCodeAsync(query["code"].ToString(), ct)).OpenId);
            return true;
        }
        catch (Exception ex) when (ex is WeChatApiException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// A page's sign-in steps, the same on every member page: null once the member is signed in; else the redirect that
    /// takes them on (to WeChat's authorize page, or back to <paramref name="pagePath"/> once the code is spent, which
    /// drops the code from the address bar and history), or <paramref name="expired"/> when the code did not hold.
    /// </summary>
    public async Task<IResult?> SignInStepAsync(
        HttpContext context, WeChatApiClient api, string? publicBaseUrl, string pagePath, bool development, Func<IResult> expired, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(expired);
        if (context.Request.Query.ContainsKey("code"))
        {
            return await CompleteSignInAsync(context, api, ct) ? Results.Redirect(pagePath) : expired();
        }
        return OpenIdFrom(context.Request) is null ? Results.Redirect(StartSignIn(context, api, publicBaseUrl, pagePath, development)) : null;
    }

    /// <summary>
    /// The checks every member form passes before it is read, in this order: a form, with this browser's anti-forgery
    /// token, from a member signed in to this area (the openid comes from the signed cookie only; a form field naming
    /// someone else is never read), within their submission limit.
    /// </summary>
    public async Task<PagePost> CheckPostAsync(HttpContext context, IAntiforgery antiforgery, Func<string, bool> withinLimit)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(withinLimit);
        if (!context.Request.HasFormContentType)
        {
            return new PagePost(null, PagePostRefusal.NotAForm);
        }
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return new PagePost(null, PagePostRefusal.Expired);
        }
        if (OpenIdFrom(context.Request) is not { } openId)
        {
            return new PagePost(null, PagePostRefusal.SignedOut);
        }
        return withinLimit(openId) ? new PagePost(openId, PagePostRefusal.None) : new PagePost(openId, PagePostRefusal.TooMany);
    }

    // Lax: the cookie comes along when the member taps a link in the chat (a cross-site top-level navigation).
    private CookieOptions Cookie(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps || ClientAddress.Origin(context).StartsWith("https:", StringComparison.Ordinal),
        SameSite = SameSiteMode.Lax,
        Path = Area.Path,
        Expires = expires,
        IsEssential = true,
    };
}
