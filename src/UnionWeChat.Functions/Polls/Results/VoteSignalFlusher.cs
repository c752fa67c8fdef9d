namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Writes this instance's noted vote signals every <see cref="PollsOptions.SignalFlushEvery"/>, and once more when
/// the host stops. Per instance, not a timer function: the counts it writes are in this process's memory.
/// </summary>
public sealed class VoteSignalFlusher(VoteSignals signals, PollsOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SignalFlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await signals.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the last flush follows in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await signals.FlushAsync(cancellationToken);
    }
}
