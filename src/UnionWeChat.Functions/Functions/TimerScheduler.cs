using NCrontab;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// Fires the catalog's timers when the app runs on its own (laptop, tests). Off under the Functions host, which
/// fires them itself. Uses NCrontab with seconds, the parser the Functions timer trigger uses, in UTC.
/// A timer whose job is still running when it comes due again is skipped, not stacked.
/// </summary>
public sealed partial class TimerScheduler(
    FunctionCatalog catalog,
    TimerRunner runner,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public static CrontabSchedule Parse(TimerFunction timer) => CrontabSchedule.Parse(timer.Schedule, WithSeconds);

    public static DateTimeOffset NextOccurrence(TimerFunction timer, DateTimeOffset after)
    {
        var next = Parse(timer).GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Timers.Select(t => RunLoopAsync(t, stoppingToken)));

    private async Task RunLoopAsync(TimerFunction timer, CancellationToken ct)
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
            await runner.RunAsync(timer, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} scheduled in-process ({Schedule})")]
    private partial void LogScheduled(string timer, string schedule);
}
