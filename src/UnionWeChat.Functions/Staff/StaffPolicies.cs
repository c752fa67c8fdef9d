using Microsoft.AspNetCore.Authorization;

namespace UnionWeChat.Functions.Staff;

/// <summary>Authorization policies for staff routes; put them on route groups, not on single endpoints.</summary>
public static class StaffPolicies
{
    public const string Scheme = "StaffKey";
    public const string Read = "staff:read";
    public const string Write = "staff:write";
    public const string Admin = "staff:admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Viewer), nameof(StaffRole.Triage), nameof(StaffRole.Admin)));
        options.AddPolicy(Write, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Triage), nameof(StaffRole.Admin)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(nameof(StaffRole.Admin)));
    }
}
