using Microsoft.AspNetCore.Authentication;
using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Staff;

public static class StaffExtensions
{
    /// <summary>Staff sign-in and roles. Features put <see cref="StaffPolicies"/> on their staff route groups.</summary>
    public static WebApplicationBuilder AddStaffAuth(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StaffOptions>("Staff");
        builder.Services.AddAuthentication(StaffPolicies.Scheme)
            .AddScheme<AuthenticationSchemeOptions, StaffKeyAuthenticationHandler>(StaffPolicies.Scheme, null);
        builder.Services.AddAuthorization(StaffPolicies.Add);
        return builder;
    }

    public static WebApplication UseStaffAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The name history records for the signed-in staff member.</summary>
    public static string StaffName(this System.Security.Claims.ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("no signed-in staff member");
}
