using System.Globalization;
using System.Text;

namespace UnionWeChat.Bench;

/// <summary>
/// What a scenario measured: one <see cref="LevelResult"/> per concurrency (the last is the headline), the targets,
/// and scenario-specific numbers in <see cref="Details"/> (late replies, verified cases, storage calls per message…).
/// </summary>
public sealed record ScenarioResult(
    string Name,
    string Unit,
    IReadOnlyList<LevelResult> Levels,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyDictionary<string, double> Details)
{
    public DateTimeOffset FinishedAt { get; init; }

    public string Machine { get; init; } = "";

    public LevelResult Headline => Levels[^1];

    /// <summary>The one line printed when the scenario ends.</summary>
    public string ToLine()
    {
        var h = Headline;
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{Name}: {h.PerSecond:F1} {Unit} at c={h.Concurrency}, p50/p95/p99 {h.P50Ms:F0}/{h.P95Ms:F0}/{h.P99Ms:F0} ms, "));
        line.Append(CultureInfo.InvariantCulture, $"{h.RatioToWeb:P0} of bare web ({h.Web.PerSecond:F0}/s), {h.RatioToStorage:P0} of Azurite inserts ({h.Storage.PerSecond:F0}/s)");
        if (h.Errors > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $", {h.Errors} errors");
        }
        foreach (var t in Targets)
        {
            line.Append(CultureInfo.InvariantCulture, $"; {t.Target}: {(t.Met ? "met" : "missed")}");
        }
        return line.ToString();
    }
}
