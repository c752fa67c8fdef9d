namespace UnionWeChat.Bench;

/// <summary>What a scenario measured and whether its checks held. Written as JSON to bench/results/&lt;name&gt;.json.</summary>
public sealed record ScenarioResult(
    string Scenario,
    bool Passed,
    string Summary,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> Failures,
    DateTimeOffset StartedAt,
    TimeSpan Duration);
