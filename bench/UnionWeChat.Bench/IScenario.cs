namespace UnionWeChat.Bench;

/// <summary>
/// One benchmark. It starts what it needs (Azurite, the fake WeChat API, the app), measures this machine's baselines
/// at the concurrency it uses, drives its load, and says what it saw.
/// </summary>
public interface IScenario
{
    /// <summary>The name used on the command line and for <c>bench/results/&lt;name&gt;.json</c>.</summary>
    string Name { get; }

    Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct);
}
