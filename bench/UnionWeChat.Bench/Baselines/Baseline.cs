namespace UnionWeChat.Bench.Baselines;

/// <summary>What one baseline managed at one concurrency: operations per second and latency.</summary>
public sealed record Baseline(string Name, int Concurrency, double PerSecond, double P50Ms, double P99Ms, long Errors);
