using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Membership;

public static class MembershipExtensions
{
    /// <summary>网上入会: applications, the registry (which Members asks when someone follows again), the chat dialog and the card page.</summary>
    public static IHostApplicationBuilder AddMembership(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<MembershipOptions>("Membership");
        var services = builder.Services;
        services.AddSingleton<ApplicationStore>();
        services.AddSingleton<MemberRegistry>();
        services.AddSingleton<MemberRoster>();
        services.AddSingleton<Registrar>();
        services.AddSingleton<Applicant>();
        services.AddSingleton<IMemberRegistry>(sp => sp.GetRequiredService<MemberRegistry>());
        services.AddSingleton<MembershipLinks>();
        services.AddSingleton<MemberCardIdentity>();
        services.AddSingleton<IChatFeature, JoinFeature>();
        // Holds the typed WeChat API client (through the messenger), which must not be captured by a singleton.
        services.AddScoped<MembershipDesk>();
        return builder;
    }

    /// <summary>
    /// The member's forms are a few short fields: much larger bodies are refused before they are read. Large enough
    /// that a 10,000-character answer reaches the form's own check and is answered in words.
    /// </summary>
    public static IApplicationBuilder UseMembership(this IApplicationBuilder app) => app.UseBodyLimit(CardEndpoints.Root, 128 * 1024, "A member's form");

    public static IEndpointRouteBuilder MapMembership(this IEndpointRouteBuilder app)
    {
        app.MapMembershipApi();
        app.MapMemberCard();
        MembersPages.Map(app.MapConsoleGroup());
        return app;
    }
}
