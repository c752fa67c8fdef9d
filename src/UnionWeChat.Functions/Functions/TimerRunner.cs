namespace UnionWeChat.Functions.Functions;

/// <summary>Runs a catalog timer's job once, whoever fired it; the same path for the host and the scheduler.</summary>
public sealed partial class TimerRunner(IServiceScopeFactory scopes, ILogger<TimerRunner> logger, TimeProvider time)
{
    public async Task<TimerOutcome> RunAsync(TimerFunction timer, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var job = (ITimerJob)scope.ServiceProvider.GetRequiredService(timer.Job);
        try
        {
            await job.RunAsync(ct);
            var elapsed = time.GetElapsedTime(started);
            LogRan(timer.Name, elapsed.TotalMilliseconds);
            return new TimerOutcome(true, $"{timer.Name} ran in {elapsed.TotalMilliseconds:F0} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(ex, timer.Name);
            return new TimerOutcome(false, $"{timer.Name} failed: {ex.GetType().Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer {Timer} ran in {ElapsedMs:F0} ms")]
    private partial void LogRan(string timer, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {Timer} failed")]
    private partial void LogFailed(Exception exception, string timer);
}

public sealed record TimerOutcome(bool Succeeded, string Message);
