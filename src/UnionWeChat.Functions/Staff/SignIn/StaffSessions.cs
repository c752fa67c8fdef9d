using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// Console sessions for key sign-in: an HttpOnly, SameSite=Strict cookie holding the key's name, an expiry, a
/// fingerprint of the key's secret (so rotating a key ends its sessions) and a nonce, signed with HMAC-SHA256.
/// Nothing is stored: any instance can check a cookie another issued. The role is read from the key on every
/// request, so changing a key's role applies at once.
/// </summary>
public sealed class StaffSessions(ConsoleSigningKey signingKey, StaffOptions options, TimeProvider time)
{
    public const string CookieName = "uw_staff";

    public async Task<string> IssueAsync(StaffKey key, CancellationToken ct)
    {
        var expires = time.GetUtcNow().Add(options.SessionLifetime).ToUnixTimeSeconds();
        var payload = string.Join('.',
            WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(key.Name)),
            expires.ToString(CultureInfo.InvariantCulture),
            Fingerprint(key.Secret),
            WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12)));
        return payload + "." + await SignAsync(payload, ct);
    }

    /// <summary>The key a session cookie was issued for, or null when it is forged, expired or its key changed.</summary>
    public async Task<StaffKey?> ValidateAsync(string? cookie, CancellationToken ct)
    {
        var parts = cookie?.Split('.');
        if (parts is not { Length: 5 } || parts.Any(p => p.Length == 0 || p.Length > 200))
        {
            return null;
        }
        var payload = string.Join('.', parts[..4]);
        var expected = Encoding.ASCII.GetBytes(await SignAsync(payload, ct));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[4]))
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return null;
        }
        string name;
        try
        {
            name = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[0]));
        }
        catch (FormatException)
        {
            return null;
        }
        var key = options.ParsedKeys().FirstOrDefault(k => k.Name == name);
        return key is not null && Fingerprint(key.Secret) == parts[2] ? key : null;
    }

    public CookieOptions CookieOptions(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/api/console",
        MaxAge = options.SessionLifetime,
        IsEssential = true,
    };

    private async Task<string> SignAsync(string payload, CancellationToken ct)
    {
        var key = await signingKey.GetAsync(ct);
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("session|" + payload)));
    }

    private static string Fingerprint(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("unionwechat-staff-key:" + secret)))[..16];
}
