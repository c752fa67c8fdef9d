using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Desk;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;
using UnionWeChat.Functions.Staff.Sla;
using UnionWeChat.Functions.Staff.Stats;

namespace UnionWeChat.Functions.Staff;

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

    /// <summary>The triage desk: the staff API, the console, replies to workers, SLA checks and statistics.</summary>
    public static IHostApplicationBuilder AddStaff(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SlaOptions>("Sla");
        var services = builder.Services;
        // The case store is the Cases feature's; registered here too (TryAdd) so the desk works whichever lands first.
        services.TryAddSingleton<CaseNumbers>();
        services.TryAddSingleton<CaseStore>();
        services.AddSingleton<WorkingCalendar>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<CaseSearch>();
        services.AddSingleton<CaseStatistics>();
        services.AddSingleton<BreachLedger>();
        // These hold the typed WeChat API client, which must not be captured by a singleton.
        services.AddScoped<WorkerReplies>();
        services.AddScoped<CaseDesk>();
        services.AddScoped<StaffNotifier>();
        services.AddScoped<SlaJob>();
        services.AddTimer<SlaJob>(SlaTimer.Name, SlaTimer.Schedule);
        return builder;
    }

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        app.MapStaffApi();
        app.MapConsole();
        return app;
    }

    public static IApplicationBuilder UseStaffAuth(this IApplicationBuilder app)
    {
        // The largest real body is a notice to 1,000 listed openids (about 32 KiB); the rest are a few hundred bytes.
        app.UseBodyLimit("/api/staff", 256 * 1024, "A staff API request body");
        app.UseBodyLimit(ConsoleLayout.Root, 256 * 1024, "A console form");
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
