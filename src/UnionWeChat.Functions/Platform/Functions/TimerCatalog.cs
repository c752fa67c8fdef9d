namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>
/// Every timer of the app: each feature declares its own (<see cref="TimerRegistration.AddTimer{TJob}"/>) next to a
/// <c>[Function]</c> with the same name and schedule, so the host's timer functions and the standalone
/// <see cref="TimerScheduler"/> fire the same entries. Schedules are six-field NCRONTAB (with seconds), in UTC: Flex
/// Consumption supports no time zone setting.
/// </summary>
public sealed class TimerCatalog
{
    public TimerCatalog(IEnumerable<TimerJob> jobs)
    {
        Jobs = jobs.ToArray();
        if (Jobs.GroupBy(j => j.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Timer '{twice.Key}' is declared twice.");
        }
    }

    public IReadOnlyList<TimerJob> Jobs { get; }

    public TimerJob this[string name] =>
        Jobs.FirstOrDefault(j => j.Name == name) ?? throw new KeyNotFoundException($"No timer named '{name}'.");
}

/// <summary>One timer: <paramref name="Job"/> is an <see cref="ITimerJob"/> resolved from a fresh scope each time.</summary>
public sealed record TimerJob(string Name, string Schedule, Type Job);

public static class TimerRegistration
{
    /// <summary>
    /// Declares a feature's timer. The feature also needs a <c>[Function(name)]</c> method with
    /// <c>[TimerTrigger(schedule)]</c> that calls <see cref="TimerRunner.RunAsync"/>: the Functions host only knows
    /// the functions it finds in the assembly (a test compares the two lists). The job itself is registered by the
    /// feature, with the lifetime it needs.
    /// </summary>
    public static IServiceCollection AddTimer<TJob>(this IServiceCollection services, string name, string schedule)
        where TJob : class, ITimerJob
    {
        services.AddSingleton(new TimerJob(name, schedule, typeof(TJob)));
        return services;
    }
}
