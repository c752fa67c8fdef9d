using UnionWeChat.Functions.Tests.Deployment;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// The real app as a process of its own, so a test can SIGKILL it (<see cref="RunningApp.DisposeAsync"/>) and start
/// it again on the same tables: the settings and the start.
/// </summary>
internal static class AppProcess
{
    /// <summary>
    /// The app settings for a fresh set of tables on <paramref name="azurite"/> and the fake WeChat server. The
    /// in-process timers are off unless a test turns them on (<c>Timers__Standalone</c>).
    /// </summary>
    public static Dictionary<string, string> Settings(IAzuriteConnection azurite, FakeWeChatServer wechat, string prefix) => new()
    {
        ["Storage__ConnectionString"] = azurite.ConnectionString,
        ["Storage__TablePrefix"] = prefix + Guid.NewGuid().ToString("N")[..8],
        ["WeChat__AppId"] = AppFactory.AppId,
        ["WeChat__AppSecret"] = AppFactory.AppSecret,
        ["WeChat__Token"] = AppFactory.Token,
        ["WeChat__ApiBaseUrl"] = wechat.BaseUrl.ToString(),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Timers__Standalone"] = "false",
    };

    /// <param name="workingDirectory">Where the app starts, which is its content root; the build output when null.</param>
    public static Task<RunningApp> StartAsync(IReadOnlyDictionary<string, string> settings, string? workingDirectory = null) =>
        RunningApp.StartAsync(AppContext.BaseDirectory, "UnionWeChat.Functions.dll", settings, workingDirectory);
}
