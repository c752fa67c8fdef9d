using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench.Rig;

/// <summary>
/// The real app (its Program, every feature) on Kestrel on a loopback port, in this process, on the scenario's
/// Azurite and fake WeChat API. Production environment; logging at Warning so the console shows only trouble.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<global::Program>
{
    public const string Token = "benchtoken2024";
    public const string AppId = FakeWeChatServer.AppId;
    public const string EncodingAESKey = "benchBENCHbench0123456789abcdefghijklmnopqr";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public BenchApp(string storageConnectionString, Uri wechatApiBaseUrl, bool safeMode)
    {
        TablePrefix = "b" + Guid.NewGuid().ToString("N")[..10];
        _settings = new()
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["WeChat:AppId"] = AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["WeChat:Token"] = Token,
            ["WeChat:EncodingAESKey"] = safeMode ? EncodingAESKey : null,
            ["WeChat:ApiBaseUrl"] = wechatApiBaseUrl.ToString(),
            // Timers would add background storage traffic that is not the scenario's.
            ["Timers:Standalone"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        UseKestrel();
    }

    public string TablePrefix { get; }

    /// <summary>Where WeChat would post: http://127.0.0.1:port/api/wechat.</summary>
    public Uri PushUrl { get; private set; } = new("http://127.0.0.1:9/api/wechat");

    /// <summary>Adds or overrides one app setting (staff keys, notice rates…); call before <see cref="Start"/>.</summary>
    public BenchApp WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public BenchApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Starts Kestrel and learns its port.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        PushUrl = new Uri(new Uri(address.TrimEnd('/') + "/"), "api/wechat");
        return PushUrl;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The factory guesses the content root from the test project's layout; the bench is not laid out like one.
        builder.UseContentRoot(Path.Combine(RepoPaths.Root, "src", "UnionWeChat.Functions"));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
