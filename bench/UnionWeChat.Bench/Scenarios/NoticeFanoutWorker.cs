using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// The sender of <c>notice-fanout</c>'s second run, in a process of its own (this program started again with
/// <see cref="Command"/>) so that it can be killed outright half-way: no graceful release of its claims, exactly
/// what a crashed instance leaves behind.
/// </summary>
internal static class NoticeFanoutWorker
{
    public const string Command = "notice-fanout-worker";

    /// <summary>Arguments: storage connection string, table prefix, fake WeChat API URL, notice id.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        if (args.Count != 4)
        {
            await Console.Error.WriteLineAsync($"usage: {Command} <storage> <prefix> <wechat-url> <notice-id>");
            return 2;
        }
        await using var app = NoticeFanoutSettings.Apply(new BenchApp(args[0], new Uri(args[2]), safeMode: false), args[1]);
        app.Start();
        await SendUntilDoneAsync(app, args[3], ct);
        return 0;
    }

    /// <summary>Runs the notices job until the notice is completed, waiting out lapsed claims between runs.</summary>
    public static async Task SendUntilDoneAsync(BenchApp app, string noticeId, CancellationToken ct)
    {
        var notices = app.Services.GetRequiredService<NoticeStore>();
        while (true)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<NoticeSender>().RunOnceAsync(ct);
            }
            if ((await notices.GetAsync(noticeId, ct))?.Status is NoticeStatus.Completed or NoticeStatus.Cancelled or null)
            {
                return;
            }
            // Claims of a killed sender lapse after the lease; look again shortly.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
