using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Polls;

public static class PollsExtensions
{
    /// <summary>Polls: the store, the ballot box and tally, the chat feature, the timer job and the vote page's needs.</summary>
    public static IHostApplicationBuilder AddPolls(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<PollsOptions>("Polls");
        var services = builder.Services;
        services.AddSingleton<PollStore>();
        services.AddSingleton<BallotBox>();
        services.AddSingleton<TallyReader>();
        services.AddSingleton<Recounter>();
        services.AddSingleton<PollAudienceSource>();
        // Notices reaches a poll's audience through this hook (Notices must not know Polls' types).
        services.AddSingleton<IPollAudience>(sp => sp.GetRequiredService<PollAudienceSource>());
        services.AddSingleton<PollAnnouncements>();
        services.AddSingleton<VoteSignals>();
        services.AddHostedService<VoteSignalFlusher>();
        services.AddSingleton<VoteRateLimits>();
        services.AddSingleton<VoterIdentity>();
        services.AddScoped<PollScheduler>();
        services.AddScoped<PollDesk>();
        services.AddTimer<PollScheduler>(PollTimer.Name, PollTimer.Schedule);
        services.AddSingleton<IChatFeature, PollChatFeature>();

        builder.AddSharedDataProtection();
        services.AddAntiforgery();
        services.AddRateLimiter(o => o.AddPolicy(VoteRateLimits.PagePolicy, new VoteRateLimits.PagePolicyHandler(options)));
        return builder;
    }

    /// <summary>A vote form is a few choices and a token: anything much larger is refused before it is read.</summary>
    public static IApplicationBuilder UsePolls(this IApplicationBuilder app) => app.UseBodyLimit(VoteEndpoints.Root, 16 * 1024, "A vote form");

    public static IEndpointRouteBuilder MapPolls(this IEndpointRouteBuilder app)
    {
        app.MapVotePage();
        app.MapStaffPolls();
        PollPages.Map(app.MapConsoleGroup());
        return app;
    }
}
