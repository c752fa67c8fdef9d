namespace UnionWeChat.Bench.Baselines;

/// <summary>
/// What one baseline managed at one concurrency. It is measured just before and just after the scenario's level and
/// averaged, because other work on a shared machine moves it; <see cref="Drift"/> says by how much the two differed.
/// </summary>
public sealed record Baseline(string Name, int Concurrency, double PerSecond, double P50Ms, double P99Ms, long Errors, double Drift)
{
    public static Baseline Bracket(Baseline before, Baseline after)
    {
        var mean = (before.PerSecond + after.PerSecond) / 2;
        return before with
        {
            PerSecond = mean,
            P50Ms = (before.P50Ms + after.P50Ms) / 2,
            P99Ms = (before.P99Ms + after.P99Ms) / 2,
            Errors = before.Errors + after.Errors,
            Drift = mean > 0 ? Math.Abs(before.PerSecond - after.PerSecond) / mean : 0,
        };
    }
}
