using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UnionWeChat.WeChat.Api;

/// <summary>Registers the WeChat API client.</summary>
public static class WeChatApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="WeChatApiClient"/> (typed client), a singleton <see cref="AccessTokenProvider"/> and options
    /// validated at start-up. The app must register <see cref="IAccessTokenStore"/> and <see cref="IForceRefreshLedger"/>.
    /// HttpClient logging is removed: request URLs carry the access token (and, for OAuth, the secret).
    /// </summary>
    public static IHttpClientBuilder AddWeChatApi(this IServiceCollection services, Action<WeChatApiOptions> configure)
    {
        services.AddOptions<WeChatApiOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatApiOptions>, WeChatApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // The provider is a singleton holding one HttpClient; pooled connections are recycled so DNS changes still apply.
        services.AddHttpClient(AccessTokenProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .RemoveAllLoggers();

        // One provider per process: its shared task is the local half of the single-flight.
        services.TryAddSingleton(sp => new AccessTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(AccessTokenProvider.HttpClientName),
            sp.GetRequiredService<IAccessTokenStore>(),
            sp.GetRequiredService<IForceRefreshLedger>(),
            sp.GetRequiredService<IOptions<WeChatApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccessTokenProvider>>()));
        services.TryAddSingleton(sp => new ServiceWindow(sp.GetRequiredService<TimeProvider>()));
        return services.AddHttpClient<WeChatApiClient>().RemoveAllLoggers();
    }
}
