using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Api;

/// <summary>A fake WeChat server on loopback and a client (with its token provider) pointed at it.</summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new();
    private readonly WeChatApiOptions _options;

    private ApiHarness(FakeWeChatServer server, WeChatApiOptions options, TimeProvider clientTime, CapturingLoggerProvider? logs)
    {
        Server = server;
        _options = options;
        ClientTime = clientTime;
        Logs = logs;
        Store = new InMemoryTokenStoreForTests(clientTime);
        Tokens = NewProvider();
        Client = new WeChatApiClient(_http, Tokens, Options.Create(options), clientTime, Logger<WeChatApiClient>());
    }

    public FakeWeChatServer Server { get; }

    public WeChatApiStandIn State => Server.State;

    public TimeProvider ClientTime { get; }

    public CapturingLoggerProvider? Logs { get; }

    public InMemoryTokenStoreForTests Store { get; }

    public AccessTokenProvider Tokens { get; }

    public WeChatApiClient Client { get; }

    /// <summary>
    /// Starts a server and a client. <paramref name="time"/> is both sides' clock unless <paramref name="serverTime"/>
    /// is given; the server refuses custom messages outside the service window only if <paramref name="enforceWindow"/>.
    /// </summary>
    public static async Task<ApiHarness> StartAsync(
        Action<WeChatApiOptions>? adjust = null,
        TimeProvider? time = null,
        TimeProvider? serverTime = null,
        bool enforceWindow = false,
        Action<WeChatApiStandInOptions>? configureServer = null,
        bool captureLogs = false)
    {
        var clientTime = time ?? TimeProvider.System;
        var server = await FakeWeChatServer.StartAsync(serverTime ?? clientTime, o =>
        {
            o.EnforceServiceWindow = enforceWindow;
            configureServer?.Invoke(o);
        });
        return new ApiHarness(server, server.ClientOptions(adjust), clientTime, captureLogs ? new CapturingLoggerProvider() : null);
    }

    /// <summary>Another provider sharing this harness's store: a second app instance.</summary>
    public AccessTokenProvider NewProvider() =>
        new(_http, Store, Store, Options.Create(_options), ClientTime, Logger<AccessTokenProvider>());

    /// <summary>A token the server accepts, for raw requests.</summary>
    public async Task<string> TokenAsync() => await Tokens.GetTokenAsync(CancellationToken.None);

    /// <summary>Posts a raw body to the server with a valid access token; returns the answer's JSON text.</summary>
    public async Task<string> PostRawAsync(string path, string body, string? accessToken = null)
    {
        var token = accessToken ?? await TokenAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(Server.BaseUrl, path.TrimStart('/') + "?access_token=" + Uri.EscapeDataString(token)), content);
        return await response.Content.ReadAsStringAsync();
    }

    public HttpClient Http => _http;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }

    private ILogger<T> Logger<T>() => Logs?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
