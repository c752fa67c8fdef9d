using Microsoft.AspNetCore.Authorization;

namespace UnionWeChat.Functions.Staff;

/// <summary>Authorization policies for staff routes; put them on route groups, not on single endpoints.</summary>
public static class StaffPolicies
{
    /// <summary>The default scheme: the JSON API (Bearer key or Easy Auth).</summary>
    public const string Scheme = "StaffKey";
    /// <summary>The console's scheme (session cookie or Easy Auth); challenges redirect to the sign-in page.</summary>
    public const string ConsoleScheme = "StaffConsole";
    public const string Read = "staff:read";
    public const string Write = "staff:write";
    public const string Admin = "staff:admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Viewer), nameof(StaffRole.Triage), nameof(StaffRole.Admin)));
        options.AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Triage), nameof(StaffRole.Admin)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Admin)));
    }

    /// <summary>A policy for console routes: the same rule, checked against the console's scheme.</summary>
    public static AuthorizeAttribute OnConsole(string policy) => new(policy) { AuthenticationSchemes = ConsoleScheme };
}
