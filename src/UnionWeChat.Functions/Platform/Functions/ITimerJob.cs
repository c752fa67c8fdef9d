namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>
/// Work a timer function does. The Functions host (singleton, with catch-up) or the standalone scheduler may fire
/// it late, twice, or on two instances at once: every job must be idempotent.
/// </summary>
public interface ITimerJob
{
    Task RunAsync(CancellationToken cancellationToken);
}
