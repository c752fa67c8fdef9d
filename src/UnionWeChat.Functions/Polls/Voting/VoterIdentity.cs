using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Who is voting on the page: the openid from WeChat's OAuth2 code exchange, kept in an HttpOnly cookie protected
/// with ASP.NET Core Data Protection (keys shared by every instance, see TableXmlRepository). The openid never
/// comes from a form field or the query, so no one can vote as someone else.
/// </summary>
public sealed class VoterIdentity(IDataProtectionProvider protection, PollsOptions options, TimeProvider time)
{
    public const string CookieName = "uwc_voter";
    public const string StateCookieName = "uwc_oauth";
    private const string CookiePath = "/api/vote";
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = protection.CreateProtector("UnionWeChat.Polls.Voter.v1");

    /// <summary>The signed-in member's openid, or null (no cookie, tampered, or expired).</summary>
    public string? OpenIdFrom(HttpRequest request)
    {
        var cookie = request.Cookies[CookieName];
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
        var expires = time.GetUtcNow() + options.VoterCookieLifetime;
        var value = _protector.Protect(openId + "|" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        context.Response.Cookies.Append(CookieName, value, Cookie(context, expires));
        context.Response.Cookies.Delete(StateCookieName, Cookie(context, null));
    }

    /// <summary>A fresh OAuth state, remembered in a short-lived cookie so a callback we did not start is refused.</summary>
    public string NewState(HttpContext context)
    {
        var state = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(StateCookieName, state, Cookie(context, time.GetUtcNow() + StateLifetime));
        return state;
    }

    public static bool StateMatches(HttpRequest request, string? state)
    {
        var expected = request.Cookies[StateCookieName];
        return !string.IsNullOrEmpty(expected) && !string.IsNullOrEmpty(state)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(state));
    }

    // Lax: the cookie comes along when the member taps a link in the chat (a cross-site top-level navigation).
    private static CookieOptions Cookie(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps || ClientAddress.Origin(context).StartsWith("https:", StringComparison.Ordinal),
        SameSite = SameSiteMode.Lax,
        Path = CookiePath,
        Expires = expires,
        IsEssential = true,
    };
}
