namespace UnionWeChat.Bench.Load;

/// <summary>
/// A closed-loop run: operations that started inside the measured window, how long the window took, latency
/// percentiles, and the first error seen (if any) so a broken run says why.
/// </summary>
public sealed record LoadSample(int Concurrency, long Operations, long Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms, long WarmupOperations, string? FirstError)
{
    public double PerSecond => Seconds > 0 ? Operations / Seconds : 0;
}
