using Microsoft.AspNetCore.Authentication;

namespace UnionWeChat.Functions.Staff;

/// <summary>What one staff sign-in scheme accepts, besides the Easy Auth principal (when trusted).</summary>
public sealed class StaffAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary><c>Authorization: Bearer &lt;key secret&gt;</c>: scripts and the JSON API.</summary>
    public bool AcceptBearer { get; set; }

    /// <summary>The console's session cookie. Not on the JSON API, so a cookie can never drive it from another site.</summary>
    public bool AcceptSessionCookie { get; set; }

    /// <summary>Where a challenge sends a browser (the console's sign-in page); null answers 401.</summary>
    public string? SignInPath { get; set; }
}
