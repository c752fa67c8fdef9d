using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Functions;

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

    /// <summary>Makes the app's timer <paramref name="name"/> run this probe, on <paramref name="schedule"/> if given.</summary>
    public void Replace(IServiceCollection services, string name, string? schedule = null)
    {
        var declared = services.Single(d => d.ImplementationInstance is TimerJob job && job.Name == name);
        services.Remove(declared);
        services.AddSingleton(new TimerJob(name, schedule ?? ((TimerJob)declared.ImplementationInstance!).Schedule, typeof(ProbeJob)));
        services.AddSingleton(this);
    }
}
