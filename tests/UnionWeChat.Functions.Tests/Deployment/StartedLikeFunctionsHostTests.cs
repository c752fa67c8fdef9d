using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The executable from the zip, started as the Functions host starts it, answers what the host sends: HTTP requests
/// forwarded on their original path, and timer invocations as <c>POST /{functionName}</c> with an invocation payload.
/// https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers
/// </summary>
[Collection(PublishedPackageCollection.Name)]
public sealed class StartedLikeFunctionsHostTests(PublishedPackage package, AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Token = "deploytesttoken";
    private HandlerProcess? _handler;

    private HandlerProcess Handler => _handler ?? throw new InvalidOperationException("handler not started");

    public async Task InitializeAsync()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description")
            .GetProperty("defaultExecutablePath").GetString() ?? throw new InvalidDataException("host.json names no executable");
        _handler = await HandlerProcess.StartAsync(package.AppDirectory, executable, AppSettings());
    }

    public async Task DisposeAsync()
    {
        if (_handler is not null)
        {
            await _handler.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_endpoint_answers_on_the_port_the_host_names()
    {
        using var response = await Handler.Client.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/health answered {(int)response.StatusCode}\n{Handler.Output}");
    }

    [Fact]
    public async Task Forwarded_wechat_server_verification_is_answered_with_the_echostr()
    {
        // What WeChat sends when the server URL is saved in the admin console, forwarded by the host as it came.
        const string timestamp = "1763712000";
        const string nonce = "5731";
        const string echostr = "deploy-check-2817";
        var signature = Sha1Hex(string.Concat(new[] { Token, timestamp, nonce }.Order(StringComparer.Ordinal)));

        using var response = await Handler.Client.GetAsync(new Uri(
            $"/api/wechat?signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={echostr}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(echostr, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_timer_function_answers_an_invocation_payload_as_the_host_sends_it()
    {
        var timers = package.Functions.Where(f => f.IsTimer).ToList();
        Assert.NotEmpty(timers);

        foreach (var timer in timers)
        {
            using var response = await Handler.Client.PostAsJsonAsync(new Uri("/" + timer.Name, UriKind.Relative), TimerInvocation(timer));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.IsSuccessStatusCode, $"POST /{timer.Name} answered {(int)response.StatusCode}: {body}\n{Handler.Output}");
            using var answer = JsonDocument.Parse(body);
            Assert.True(Kind(answer, "Outputs") == JsonValueKind.Object, $"POST /{timer.Name}: Outputs is not an object in {body}");
            Assert.True(Kind(answer, "Logs") == JsonValueKind.Array, $"POST /{timer.Name}: Logs is not an array in {body}");
            Assert.True(Kind(answer, "ReturnValue") == JsonValueKind.Null, $"POST /{timer.Name}: ReturnValue is not null in {body}");
        }
    }

    // The property names as the custom handler page writes them (Outputs, Logs, ReturnValue).
    private static JsonValueKind Kind(JsonDocument answer, string property) =>
        answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty(property, out var value)
            ? value.ValueKind
            : JsonValueKind.Undefined;

    // The payload shape the host posts for a timer trigger: Data keyed by the binding name, Metadata with sys.
    private static object TimerInvocation(PackagedFunction timer) => new Dictionary<string, object>
    {
        ["Data"] = new Dictionary<string, object>
        {
            [timer.Text("name") ?? "timer"] = new
            {
                Schedule = new { AdjustForDST = true },
                ScheduleStatus = new
                {
                    Last = "2026-11-21T00:00:00+00:00",
                    Next = "2026-11-21T01:00:00+00:00",
                    LastUpdated = "2026-11-21T00:00:00+00:00",
                },
                IsPastDue = false,
            },
        },
        ["Metadata"] = new Dictionary<string, object>
        {
            ["sys"] = new
            {
                MethodName = timer.Name,
                UtcNow = "2026-11-21T01:00:00.0012345Z",
                RandGuid = "7d3f5c2e-0b1a-4e6f-9c8d-2a4b6c8e0f12",
            },
        },
    };

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

    private static string Sha1Hex(string text) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
