using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>The function app in this process, on the bench's Azurite and fake WeChat server, configured for a fan-out.</summary>
internal sealed class NoticeFanoutApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public NoticeFanoutApp(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        // WebApplicationFactory finds the app's content root from test-project metadata a console app lacks;
        // this is the setting it reads first (ASPNETCORE_TEST_CONTENTROOT_<ASSEMBLY>).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_UNIONWECHAT_FUNCTIONS", Path.Combine(RepoPaths.Root, "src", "UnionWeChat.Functions"));
    }

    public const string AdminA = "alice-secret-0123456789";
    public const string AdminB = "bob-secret-0123456789";

    public static Dictionary<string, string?> Settings(string storage, string prefix, string wechat, BenchArgs args) => new()
    {
        ["Storage:ConnectionString"] = storage,
        ["Storage:TablePrefix"] = prefix,
        ["WeChat:AppId"] = FakeWeChatServer.AppId,
        ["WeChat:AppSecret"] = FakeWeChatServer.AppSecret,
        ["WeChat:Token"] = "benchtoken123",
        ["WeChat:ApiBaseUrl"] = wechat,
        ["Timers:Standalone"] = "false",
        ["Staff:Keys:alice"] = "admin:" + AdminA,
        ["Staff:Keys:bob"] = "admin:" + AdminB,
        ["Notices:RequestsPerSecond"] = args.Text("rate", "475"),
        ["Notices:Buckets"] = args.Text("buckets", "32"),
        ["Notices:SendConcurrency"] = args.Text("concurrency", "32"),
        ["Notices:LeaseDuration"] = args.Text("lease", "00:00:10"),
        ["Notices:MaxRunTime"] = "01:00:00",
        ["Logging:LogLevel:Default"] = "Warning",
        // 45011 retries and the new fake server's token refusal are expected here; errors still show.
        ["Logging:LogLevel:UnionWeChat.WeChat.Api"] = "Error",
    };

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs the notices job until <paramref name="noticeId"/> is completed (waiting out lapsed claims between runs).</summary>
    public async Task<List<DispatchReport>> SendUntilDoneAsync(string noticeId, CancellationToken ct)
    {
        var reports = new List<DispatchReport>();
        while (true)
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                reports.AddRange(await scope.ServiceProvider.GetRequiredService<NoticeSender>().RunOnceAsync(ct));
            }
            if ((await Get<NoticeStore>().GetAsync(noticeId, ct))?.Status is NoticeStatus.Completed or NoticeStatus.Cancelled or null)
            {
                return reports;
            }
            // Claims of a killed sender lapse after the lease; look again shortly.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Bench");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
