using System.Net;
using System.Text.Json;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>The assembly worker.config.json names, started from the unpacked zip, runs and answers.</summary>
[Collection(PublishedPackageCollection.Name)]
public sealed class PackagedAppTests(PublishedPackage package, AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Token = "deploytesttoken";
    private RunningApp? _app;

    private RunningApp App => _app ?? throw new InvalidOperationException("app not started");

    public async Task InitializeAsync()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "worker.config.json")));
        var assembly = config.RootElement.GetProperty("description").GetProperty("defaultWorkerPath").GetString()
            ?? throw new InvalidDataException("worker.config.json names no worker assembly");
        _app = await RunningApp.StartAsync(package.AppDirectory, assembly, AppSettings());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_packaged_app_answers_health()
    {
        using var response = await App.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/health answered {(int)response.StatusCode}\n{App.Output}");
    }

    [Fact]
    public async Task The_packaged_app_answers_wechat_server_verification_with_the_echostr()
    {
        // What WeChat sends when the server URL is saved in the admin console.
        const string timestamp = "1763712000";
        const string nonce = "5731";
        const string echostr = "deploy-check-2817";
        var signature = WeChatSignature.Compute(Token, timestamp, nonce);

        using var response = await App.Client.GetAsync(new Uri(
            $"/api/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={echostr}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(echostr, await response.Content.ReadAsStringAsync());
    }

    private Dictionary<string, string> AppSettings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Storage__ConnectionString"] = azurite.ConnectionString,
        ["WeChat__AppId"] = "wxdeploytest000001",
        ["WeChat__AppSecret"] = "deploy-test-app-secret",
        ["WeChat__Token"] = Token,
        ["WeChat__EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
        // Nothing listens here: a timer job that calls WeChat fails fast instead of reaching the internet.
        ["WeChat__ApiBaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}",
    };
}
