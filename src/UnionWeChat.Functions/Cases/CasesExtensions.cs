using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;

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
        services.AddSingleton<EvidenceKeeper>();
        services.AddSingleton<EvidenceMigration>();
        services.AddTimer<EvidenceKeeper>(EvidenceTimers.Keep, EvidenceTimers.KeepSchedule);
        services.AddTimer<EvidenceMigration>(EvidenceTimers.Migrate, EvidenceTimers.MigrateSchedule);
        services.AddSingleton<RatingFeature>();
        services.AddSingleton<IChatFeature, IntakeFeature>();
        services.AddSingleton<IChatFeature, MyCasesFeature>();
        services.AddSingleton<IChatFeature>(sp => sp.GetRequiredService<RatingFeature>());
        return builder;
    }
}
