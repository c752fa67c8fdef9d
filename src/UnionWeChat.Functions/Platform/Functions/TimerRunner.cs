using System.Runtime.ExceptionServices;

namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>Runs a catalog timer's job once, whoever fired it: the same path for the host's timer functions and the scheduler.</summary>
public sealed partial class TimerRunner(TimerCatalog catalog, IServiceScopeFactory scopes, ILogger<TimerRunner> logger, TimeProvider time)
{
    /// <summary>For a timer function: a failure is logged and rethrown, so the host records the invocation as failed.</summary>
    public async Task RunAsync(string name, CancellationToken cancellationToken)
    {
        if (await RunLoggedAsync(catalog[name], cancellationToken) is { } failure)
        {
            failure.Throw();
        }
    }

    /// <summary>For the standalone scheduler: a failure is logged and reported as false; the next occurrence runs again.</summary>
    public async Task<bool> TryRunAsync(TimerJob timer, CancellationToken cancellationToken) =>
        await RunLoggedAsync(timer, cancellationToken) is null;

    private async Task<ExceptionDispatchInfo?> RunLoggedAsync(TimerJob timer, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var job = (ITimerJob)scope.ServiceProvider.GetRequiredService(timer.Job);
        try
        {
            await job.RunAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(ex, timer.Name);
            return ExceptionDispatchInfo.Capture(ex);
        }
        LogRan(timer.Name, time.GetElapsedTime(started).TotalMilliseconds);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} ran in {ElapsedMs:F0} ms")]
    private partial void LogRan(string timer, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Timer} failed")]
    private partial void LogFailed(Exception exception, string timer);
}
