using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Cases;

public static class CasesExtensions
{
    public static IHostApplicationBuilder AddCases(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<CasesOptions>("Cases");
        var services = builder.Services;
        services.AddSingleton<CaseNumbers>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton<CaseFiling>();
        services.AddSingleton<EvidenceBlobs>();
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<EvidenceViewer>();
        services.AddSingleton<EvidenceKeeper>();
        services.AddSingleton<EvidenceMigration>();
        services.AddTimer<EvidenceKeeper>(EvidenceTimers.Keep, EvidenceTimers.KeepSchedule);
        services.AddTimer<EvidenceMigration>(EvidenceTimers.Migrate, EvidenceTimers.MigrateSchedule);
        services.AddSingleton<RatingFeature>();
        services.AddSingleton<IChatFeature, IntakeFeature>();
        services.AddSingleton<IChatFeature, MyCasesFeature>();
        services.AddSingleton<IChatFeature>(sp => sp.GetRequiredService<RatingFeature>());
        AddDesk(builder);
        return builder;
    }

    /// <summary>The triage desk: transitions, search, replies to workers, SLA checks and statistics.</summary>
    private static void AddDesk(IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DeskOptions>("Staff");
        builder.AddValidatedOptions<SlaOptions>("Sla");
        var services = builder.Services;
        services.AddSingleton<Assignees>();
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
    }

    /// <summary>The desk's staff API under <c>/api/staff</c> and its console pages.</summary>
    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        app.MapCaseApi();
        CasePages.Map(app.MapConsoleGroup());
        return app;
    }
}
