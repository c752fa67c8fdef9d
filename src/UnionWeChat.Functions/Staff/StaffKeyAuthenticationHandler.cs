using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace UnionWeChat.Functions.Staff;

/// <summary>
/// <c>Authorization: Bearer &lt;secret&gt;</c> against the configured staff keys, compared in constant time.
/// The principal's name is the key's name, which is what the case history records as "who".
/// </summary>
public sealed class StaffKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffOptions staff)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var key = Match(staff.ParsedKeys(), header["Bearer ".Length..].Trim());
        return Task.FromResult(key is null
            ? AuthenticateResult.Fail("unknown staff key")
            : AuthenticateResult.Success(new AuthenticationTicket(PrincipalFor(key.Name, key.Role, Scheme.Name), Scheme.Name)));
    }

    /// <summary>The key whose secret equals the presented one; every key is compared, in constant time.</summary>
    public static StaffKey? Match(IReadOnlyList<StaffKey> keys, string presented)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        StaffKey? found = null;
        foreach (var key in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(presentedHash, SHA256.HashData(Encoding.UTF8.GetBytes(key.Secret))))
            {
                found = key;
            }
        }
        return found;
    }

    public static ClaimsPrincipal PrincipalFor(string name, StaffRole role, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role.ToString())], scheme));
}
