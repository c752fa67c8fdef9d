using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench;

/// <summary>
/// The app in this process on Kestrel (a real loopback port), on its own Azurite and fake WeChat server, with
/// quiet logs. Scenarios talk to it over HTTP like WeChat's servers and members' phones do.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string Token = "benchtoken123";
    public const string EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string AdminOne = "bench-admin-one-secret-01";
    public const string AdminTwo = "bench-admin-two-secret-02";

    private readonly Dictionary<string, string?> _settings;

    private BenchApp(AzuriteProcess azurite, FakeWeChatServer wechat, int port, IReadOnlyDictionary<string, string?> extra)
    {
        Azurite = azurite;
        WeChat = wechat;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _settings = new()
        {
            ["urls"] = BaseUrl.ToString(),
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = "bench",
            ["WeChat:AppId"] = FakeWeChatServer.AppId,
            ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
            ["WeChat:Token"] = Token,
            ["WeChat:EncodingAESKey"] = EncodingAESKey,
            ["WeChat:ApiBaseUrl"] = wechat.BaseUrl.ToString(),
            ["WeChat:OAuthAuthorizeUrl"] = new Uri(wechat.BaseUrl, "connect/oauth2/authorize").ToString(),
            ["Staff:Keys:one"] = "admin:" + AdminOne,
            ["Staff:Keys:two"] = "admin:" + AdminTwo,
            ["Timers:Standalone"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            _settings[key] = value;
        }
        UseKestrel(port);
    }

    public AzuriteProcess Azurite { get; }

    public FakeWeChatServer WeChat { get; }

    public Uri BaseUrl { get; }

    public static async Task<BenchApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var azurite = await AzuriteProcess.StartNewAsync();
        var wechat = await FakeWeChatServer.StartAsync();
        // The factory looks for its manifest in the current directory, which `dotnet run` leaves at the caller's.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_UNIONWECHAT_FUNCTIONS", Path.Combine(RepoPaths.Root, "src", "UnionWeChat.Functions"));
        var app = new BenchApp(azurite, wechat, FreePort.Next(), settings ?? new Dictionary<string, string?>());
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Bench");
        // Errors only: a burst would otherwise drown the summary in information lines.
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Error));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await WeChat.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
