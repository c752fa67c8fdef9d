using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Testing;

/// <summary>
/// WeChat's API servers on loopback: the <see cref="WeChatApiStandIn"/> hosted by Kestrel on a free port,
/// so clients under test make real HTTP calls. Dispose to stop it.
/// </summary>
public sealed class FakeWeChatServer : IAsyncDisposable
{
    /// <summary>The AppID the server accepts.</summary>
    public const string AppId = "wx00000000fake0001";

    /// <summary>The AppSecret the server accepts.</summary>
    public const string AppSecret = "fake-wechat-app-secret-0123456789";

    private readonly WebApplication _app;

    private FakeWeChatServer(WebApplication app, WeChatApiStandIn state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the server listens, e.g. http://127.0.0.1:54321/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The stand-in's state: configure followers and faults, inspect calls and messages.</summary>
    public WeChatApiStandIn State { get; }

    /// <summary>Starts a server; <paramref name="timeProvider"/> is the stand-in's clock (expiry of tokens, codes, windows).</summary>
    public static async Task<FakeWeChatServer> StartAsync(TimeProvider? timeProvider = null, Action<WeChatApiStandInOptions>? configure = null)
    {
        var options = new WeChatApiStandInOptions { AppId = AppId, AppSecret = AppSecret };
        configure?.Invoke(options);
        var state = new WeChatApiStandIn(options, timeProvider ?? TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        var app = builder.Build();
        app.MapWeChatApiStandIn();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new FakeWeChatServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Client settings pointing at this server, with fast retries for tests.</summary>
    public WeChatApiOptions ClientOptions(Action<WeChatApiOptions>? adjust = null)
    {
        var options = new WeChatApiOptions
        {
            AppId = AppId,
            AppSecret = AppSecret,
            ApiBaseUrl = BaseUrl,
            OAuthAuthorizeUrl = new Uri(BaseUrl, "connect/oauth2/authorize"),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RequestTimeout = TimeSpan.FromSeconds(10),
            TokenLeaseDuration = TimeSpan.FromSeconds(5),
            TokenWaitTimeout = TimeSpan.FromSeconds(10),
        };
        adjust?.Invoke(options);
        return options;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
