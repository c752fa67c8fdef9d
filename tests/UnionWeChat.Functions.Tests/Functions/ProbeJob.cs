using UnionWeChat.Functions.Functions;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>A timer job that counts its runs, and fails when told to.</summary>
public sealed class ProbeJob : ITimerJob
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public Exception? FailWith { get; init; }

    public int Runs => Volatile.Read(ref _runs);

    public Task FirstRun => _first.Task;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        _first.TrySetResult();
        return FailWith is null ? Task.CompletedTask : Task.FromException(FailWith);
    }

    /// <summary>The app's timers with <paramref name="name"/> running this probe on <paramref name="schedule"/> instead.</summary>
    public TimerCatalog In(string name, string? schedule = null) => new(TimerCatalog.Default.Jobs
        .Select(j => j.Name == name ? new TimerJob(name, schedule ?? j.Schedule, typeof(ProbeJob)) : j));
}
