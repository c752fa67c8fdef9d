using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.WeChatApi;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

public static class ConversationExtensions
{
    /// <summary>The WeChat endpoint, push de-duplication, the router, dialogs and the active API client.</summary>
    public static IHostApplicationBuilder AddConversation(this IHostApplicationBuilder builder)
    {
        var wechat = builder.AddValidatedOptions<WeChatOptions>("WeChat");
        builder.AddValidatedOptions<ConversationOptions>("Conversation");
        var services = builder.Services;

        services.AddSingleton(sp => new PushReceiver(
            new PushReceiverOptions
            {
                Token = wechat.Token,
                AppId = wechat.AppId,
                EncodingAESKey = string.IsNullOrEmpty(wechat.EncodingAESKey) ? null : wechat.EncodingAESKey,
                MaxBodyBytes = wechat.MaxBodyBytes,
            },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkerStateStore>();
        services.AddSingleton<PushHandler>();
        services.AddSingleton<LateReplies>();
        services.AddSingleton<DialogStore>();
        services.AddSingleton<IMessageRouter, MessageRouter>();
        // Following and unfollowing keep the member profile (Members) in step with WeChat.
        services.AddSingleton<IEventFeature, FollowFeature>();

        services.AddSingleton<TableTokenStore>();
        services.AddSingleton<IAccessTokenStore>(sp => sp.GetRequiredService<TableTokenStore>());
        services.AddSingleton<IForceRefreshLedger>(sp => sp.GetRequiredService<TableTokenStore>());
        if (Uri.TryCreate(wechat.ApiBaseUrl, UriKind.Absolute, out var apiBase)
            && Uri.TryCreate(wechat.OAuthAuthorizeUrl, UriKind.Absolute, out var authorize))
        {
            var section = builder.Configuration.GetSection("WeChat");
            services.AddWeChatApi(o =>
            {
                // The tunables (RequestTimeout, MaxRetries, RetryBaseDelay, token margins…) as WeChat__<Name>.
                section.Bind(o);
                o.AppId = wechat.AppId;
                o.AppSecret = wechat.AppSecret;
                o.ApiBaseUrl = apiBase;
                o.OAuthAuthorizeUrl = authorize;
            });
        }
        services.AddScoped<PushLedgerCleanup>();
        services.AddTimer<PushLedgerCleanup>(PushLedgerCleanupTimer.Name, PushLedgerCleanupTimer.Schedule);
        return builder;
    }

    public static IEndpointRouteBuilder MapConversation(this IEndpointRouteBuilder app)
    {
        app.MapWeChat();
        return app;
    }
}
