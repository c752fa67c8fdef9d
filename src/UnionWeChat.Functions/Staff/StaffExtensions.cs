using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Staff;

/// <summary>Staff identity: keys, the Entra principal, console sessions and roles. The work staff do lives with its domain.</summary>
public static class StaffExtensions
{
    public const string ConsoleSignInPath = "/api/console/signin";

    /// <summary>Staff sign-in and roles. Features put <see cref="StaffPolicies"/> on their staff route groups.</summary>
    public static IHostApplicationBuilder AddStaffAuth(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<StaffOptions>("Staff");
        builder.Services.AddSingleton<ConsoleSigningKey>();
        builder.Services.AddSingleton<StaffSessions>();
        builder.Services.AddSingleton<FormTokens>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddAuthentication(StaffPolicies.Scheme)
            .AddScheme<StaffAuthenticationOptions, StaffKeyAuthenticationHandler>(StaffPolicies.Scheme, o => o.AcceptBearer = true)
            .AddScheme<StaffAuthenticationOptions, StaffKeyAuthenticationHandler>(StaffPolicies.ConsoleScheme, o =>
            {
                o.AcceptSessionCookie = true;
                o.SignInPath = ConsoleSignInPath;
            });
        builder.Services.AddAuthorization(StaffPolicies.Add);
        return builder;
    }

    /// <summary>Who is signed in (<c>GET /api/staff/me</c>) and the console's sign-in and sign-out pages.</summary>
    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/staff").RequireAuthorization(StaffPolicies.Read).MapGet("/me", Me);
        app.MapConsole();
        return app;
    }

    public static JsonHttpResult<StaffMe> Me(ClaimsPrincipal user) =>
        TypedResults.Json(new StaffMe(user.StaffName(), user.FindFirst(ClaimTypes.Role)?.Value, user.CanWrite(), user.IsAdmin()), StaffJson.Options);

    public static IApplicationBuilder UseStaffAuth(this IApplicationBuilder app)
    {
        // The largest real body is a notice to 1,000 listed openids (about 32 KiB); the rest are a few hundred bytes.
        app.UseBodyLimit("/api/staff", 256 * 1024, "A staff API request body");
        // File uploads (a member list) go under one path with a larger limit; every other form stays small.
        app.UseBodyLimit(ConsoleLayout.UploadRoot, ConsoleLayout.MaxUploadBytes, "A file uploaded to the console");
        app.UseBodyLimit(ConsoleLayout.Root, 256 * 1024, "A console form", except: ConsoleLayout.UploadRoot);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The name history records for the signed-in staff member.</summary>
    public static string StaffName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("no signed-in staff member");

    /// <summary>True when the signed-in staff member may change cases (triage or admin).</summary>
    public static bool CanWrite(this ClaimsPrincipal user) =>
        user.IsInRole(nameof(StaffRole.Triage)) || user.IsInRole(nameof(StaffRole.Admin));

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(nameof(StaffRole.Admin));
}

/// <summary>The signed-in staff member, as the console and scripts see themselves.</summary>
public sealed record StaffMe(string Name, string? Role, bool CanWrite, bool IsAdmin);
