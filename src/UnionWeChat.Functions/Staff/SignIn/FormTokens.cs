using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// Anti-forgery tokens for console forms, the signed double-submit pattern: a random HttpOnly, SameSite=Strict
/// cookie, and in each form an HMAC of that cookie and the signed-in name. Another site can neither read the
/// cookie nor compute the token. https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
/// </summary>
public sealed class FormTokens(ConsoleSigningKey signingKey)
{
    public const string CookieName = "uw_form";
    public const string FieldName = "_form";

    /// <summary>The token to put in a form rendered for this request; sets the cookie when the browser has none.</summary>
    public async Task<string> IssueAsync(HttpContext context, CancellationToken ct)
    {
        var seed = context.Request.Cookies[CookieName];
        if (seed is not { Length: 22 })
        {
            seed = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
            context.Response.Cookies.Append(CookieName, seed, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/api/console",
                IsEssential = true,
            });
        }
        return await TokenForAsync(seed, context.User.Identity?.Name, ct);
    }

    /// <summary>True when the posted form carries the token for this browser and this signed-in name.</summary>
    public async Task<bool> ValidateAsync(HttpContext context, string? token, CancellationToken ct)
    {
        var seed = context.Request.Cookies[CookieName];
        if (seed is not { Length: 22 } || string.IsNullOrEmpty(token))
        {
            return false;
        }
        var expected = await TokenForAsync(seed, context.User.Identity?.Name, ct);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token));
    }

    private async Task<string> TokenForAsync(string seed, string? user, CancellationToken ct)
    {
        var key = await signingKey.GetAsync(ct);
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"form|{seed}|{user}")));
    }
}
