using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests;

/// <summary>
/// The app in memory, on a real Azurite, with its own table prefix so tests sharing one Azurite never see each
/// other's data. Settings can be overridden per test; services replaced with <see cref="WithServices"/>.
/// </summary>
public sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string Token = "testtoken123";
    public const string AppId = FakeWeChatServer.AppId;
    public const string AppSecret = FakeWeChatServer.AppSecret;
    public const string EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    public AppFactory(string storageConnectionString, string? wechatApiBaseUrl = null, string environment = "Testing")
    {
        Environment = environment;
        TablePrefix = "t" + Guid.NewGuid().ToString("N")[..10];
        _settings = new()
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["WeChat:AppId"] = AppId,
            ["WeChat:AppSecret"] = AppSecret,
            ["WeChat:Token"] = Token,
            ["WeChat:EncodingAESKey"] = EncodingAESKey,
            // Nothing listens on the discard port: a test that sends to WeChat must pass the fake server's address.
            ["WeChat:ApiBaseUrl"] = wechatApiBaseUrl ?? "http://127.0.0.1:9",
            ["Timers:Standalone"] = "false",
            // Hundreds of apps start and stop in a run: their start-up chatter would bury a failing test's output.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
    }

    public string Environment { get; }

    public string TablePrefix { get; }

    public AppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public AppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
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
