using UnionWeChat.Bench.Baselines;

namespace UnionWeChat.Bench;

/// <summary>
/// One scenario at one concurrency, with the baselines measured just before it at the same concurrency.
/// <see cref="PerSecond"/> is in the scenario's unit (messages, cases); <see cref="RequestsPerSecond"/> counts the
/// pushes it took, and the ratios compare those with the bare endpoint's requests/s and Azurite's inserts/s.
/// </summary>
public sealed record LevelResult(
    int Concurrency,
    long Operations,
    long Errors,
    double Seconds,
    double PerSecond,
    double RequestsPerSecond,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    Baseline Web,
    Baseline Storage)
{
    /// <summary>Pushes per second as a share of what the bare signature-checking endpoint answers.</summary>
    public double RatioToWeb => Web.PerSecond > 0 ? RequestsPerSecond / Web.PerSecond : 0;

    /// <summary>Pushes per second as a share of Azurite's raw insert rate.</summary>
    public double RatioToStorage => Storage.PerSecond > 0 ? RequestsPerSecond / Storage.PerSecond : 0;

    /// <summary>A level from a load sample whose operations each took <paramref name="requestsPerOperation"/> pushes.</summary>
    public static LevelResult From(Load.LoadSample sample, double requestsPerOperation, Baseline web, Baseline storage) =>
        new(sample.Concurrency, sample.Operations, sample.Errors, sample.Seconds, sample.PerSecond,
            sample.PerSecond * requestsPerOperation, sample.P50Ms, sample.P95Ms, sample.P99Ms, web, storage);
}
