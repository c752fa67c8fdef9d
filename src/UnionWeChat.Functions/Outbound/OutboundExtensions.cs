namespace UnionWeChat.Functions.Outbound;

public static class OutboundExtensions
{
    // Transient like the typed WeChatApiClient they wrap (its HttpClient comes from the factory).
    public static IHostApplicationBuilder AddOutbound(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<WeChatSender>();
        builder.Services.AddTransient<MemberMessenger>();
        return builder;
    }
}
