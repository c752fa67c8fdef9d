using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Staff;

/// <summary>
/// Staff sign-in, in this order: the App Service Authentication principal (only when
/// <see cref="StaffOptions.TrustAppServiceAuthentication"/>), then <c>Authorization: Bearer &lt;secret&gt;</c> against
/// the configured keys (compared in constant time), then the console's session cookie — each as the scheme's
/// <see cref="StaffAuthenticationOptions"/> allow. The principal's name is what the case history records as "who".
/// Failed keys count against the caller's address in <see cref="SignInThrottle"/>; a locked-out address gets 429.
/// </summary>
public sealed partial class StaffKeyAuthenticationHandler(
    IOptionsMonitor<StaffAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    StaffOptions staff,
    SignInThrottle throttle,
    StaffSessions sessions)
    : AuthenticationHandler<StaffAuthenticationOptions>(options, logger, encoder)
{
    private TimeSpan? _lockedOutFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (staff.TrustAppServiceAuthentication && Request.Headers[EasyAuthPrincipal.Header].ToString() is { Length: > 0 } principal)
        {
            return EasyAuthPrincipal.Parse(principal) is { } signedIn
                ? Success(signedIn.Name, signedIn.Role)
                : AuthenticateResult.Fail("unreadable App Service Authentication principal");
        }

        var header = Request.Headers.Authorization.ToString();
        if (Options.AcceptBearer && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var address = ClientAddress.Of(Context);
            if (throttle.IsLockedOut(address, out var retryAfter))
            {
                _lockedOutFor = retryAfter;
                return AuthenticateResult.Fail("too many failed sign-ins");
            }
            var key = Match(staff.ParsedKeys(), header["Bearer ".Length..].Trim());
            if (key is null)
            {
                throttle.RecordFailure(address);
                LogUnknownKey(Logger);
                return AuthenticateResult.Fail("unknown staff key");
            }
            throttle.RecordSuccess(address);
            return Success(key.Name, key.Role);
        }

        if (Options.AcceptSessionCookie && Request.Cookies[StaffSessions.CookieName] is { Length: > 0 } cookie)
        {
            var key = await sessions.ValidateAsync(cookie, Context.RequestAborted);
            return key is null ? AuthenticateResult.NoResult() : Success(key.Name, key.Role);
        }
        return AuthenticateResult.NoResult();
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_lockedOutFor is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
        if (Options.SignInPath is { } signIn)
        {
            var back = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect($"{signIn}?returnUrl={Uri.EscapeDataString(back)}");
            return Task.CompletedTask;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(string name, StaffRole? role) =>
        AuthenticateResult.Success(new AuthenticationTicket(PrincipalFor(name, role, Scheme.Name), Scheme.Name));

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

    /// <summary>A staff principal; without a role it is signed in but may do nothing (every policy needs a role).</summary>
    public static ClaimsPrincipal PrincipalFor(string name, StaffRole? role, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (role is { } granted)
        {
            claims.Add(new Claim(ClaimTypes.Role, granted.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A staff request presented an unknown key")]
    private static partial void LogUnknownKey(ILogger logger);
}
