using NCrontab;

namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>
/// Fires the catalog's timers when the app runs on its own (laptop, tests, benchmarks). Not registered under the
/// Functions host, which fires them itself (each feature's <c>[Function]</c> timers). Uses NCrontab with seconds, the parser the
/// Functions timer trigger uses, in UTC. A timer whose job is still running when it comes due again is skipped, not
/// stacked.
/// </summary>
public sealed partial class TimerScheduler(
    TimerCatalog catalog,
    TimerRunner runner,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public static CrontabSchedule Parse(TimerJob timer) => CrontabSchedule.Parse(timer.Schedule, WithSeconds);

    public static DateTimeOffset NextOccurrence(TimerJob timer, DateTimeOffset after)
    {
        var next = Parse(timer).GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Jobs.Select(t => RunLoopAsync(t, stoppingToken)));

    private async Task RunLoopAsync(TimerJob timer, CancellationToken ct)
    {
        LogScheduled(timer.Name, timer.Schedule);
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var due = NextOccurrence(timer, now);
            try
            {
                await Task.Delay(due - now, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // A failure is logged by the runner; the loop goes on to the next occurrence, as the host's timers do.
            _ = await runner.TryRunAsync(timer, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} scheduled in-process ({Schedule})")]
    private partial void LogScheduled(string timer, string schedule);
}
