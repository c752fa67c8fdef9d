using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Notices;

public static class NoticesExtensions
{
    /// <summary>Notices: the staff API and console pages, the outbox and its sender (timer <c>notices</c>), 退订/订阅, and send-job reports.</summary>
    public static IHostApplicationBuilder AddNotices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<NoticeOptions>("Notices");
        var services = builder.Services;
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<MassJobStore>();
        services.AddSingleton<MassBudget>();
        services.AddSingleton<SendQuota>();
        services.AddSingleton<SendRate>();
        services.AddSingleton<AudienceResolver>();
        services.AddSingleton<AudienceExpander>();
        services.AddSingleton<NoticeProgressReader>();
        services.AddSingleton<NoticePublisher>();
        services.AddSingleton<NoticeCreation>();
        services.AddSingleton<NoticeSteps>();
        // Scoped: they hold a WeChatApiClient, whose HttpClient the factory recycles.
        services.AddScoped<RecipientDispatcher>();
        services.AddScoped<MassDispatcher>();
        services.AddScoped<NoticeSender>();
        services.AddTimer<NoticeSender>(NoticeTimer.Name, NoticeTimer.Schedule);
        services.AddSingleton<IChatFeature, OptOutFeature>();
        services.AddSingleton<IEventFeature, SendJobReportFeature>();
        return builder;
    }

    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder app)
    {
        app.MapNoticeEndpoints();
        NoticePages.Map(app.MapConsoleGroup());
        return app;
    }
}
