using System.Net.Http.Json;
using UnionWeChat.Functions.Tests.Deployment;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// The real app as a process of its own, so a test can SIGKILL it (<see cref="HandlerProcess.DisposeAsync"/>) and
/// start it again on the same tables: the settings, the start, and a timer fired as the Functions host fires it.
/// </summary>
internal static class AppProcess
{
    /// <summary>The app settings for a fresh set of tables on <paramref name="azurite"/> and the fake WeChat server.</summary>
    public static Dictionary<string, string> Settings(IAzuriteConnection azurite, FakeWeChatServer wechat, string prefix) => new()
    {
        ["Storage__ConnectionString"] = azurite.ConnectionString,
        ["Storage__TablePrefix"] = prefix + Guid.NewGuid().ToString("N")[..8],
        ["WeChat__AppId"] = AppFactory.AppId,
        ["WeChat__AppSecret"] = AppFactory.AppSecret,
        ["WeChat__Token"] = AppFactory.Token,
        ["WeChat__ApiBaseUrl"] = wechat.BaseUrl.ToString(),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    /// <param name="workingDirectory">Where the app starts, which is its content root; the build output when null.</param>
    public static Task<HandlerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? workingDirectory = null) =>
        HandlerProcess.StartAsync(AppContext.BaseDirectory, "UnionWeChat.Functions", settings, workingDirectory);

    /// <summary>
    /// Fires timer <paramref name="name"/> as the host does (<c>POST /{name}</c> with an invocation payload) and
    /// waits for the run to finish.
    /// https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload
    /// </summary>
    public static async Task FireTimerAsync(HandlerProcess app, string name, CancellationToken ct = default)
    {
        var payload = new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } },
            Metadata = new { sys = new { MethodName = name, UtcNow = TimeProvider.System.GetUtcNow(), RandGuid = Guid.NewGuid() } },
        };
        using var response = await app.Client.PostAsJsonAsync(new Uri("/" + name, UriKind.Relative), payload, ct);
        Assert.True(response.IsSuccessStatusCode, $"POST /{name} answered {(int)response.StatusCode}");
    }
}
