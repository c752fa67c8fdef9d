using System.Globalization;
using System.Text;

namespace UnionWeChat.Bench.Report;

/// <summary>The table printed at the end (Markdown, so it pastes into docs/BENCHMARKS.md): one row per scenario and concurrency.</summary>
public static class ResultTable
{
    public static string Render(IEnumerable<ScenarioResult> results)
    {
        var t = new StringBuilder();
        t.AppendLine("| scenario | c | rate | p50 ms | p95 ms | p99 ms | errors | bare web req/s | azurite inserts/s | vs web | vs storage |");
        t.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            foreach (var l in r.Levels)
            {
                t.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {l.Concurrency} | {l.PerSecond:F1} {r.Unit} | {l.P50Ms:F1} | {l.P95Ms:F1} | {l.P99Ms:F1} | {l.Errors} | " +
                    $"{l.Web.PerSecond:F0} | {l.Storage.PerSecond:F0} | {l.RatioToWeb:F3} | {l.RatioToStorage:F3} |"));
            }
        }
        var targets = results.SelectMany(r => r.Targets.Select(x => (r.Name, Target: x))).ToList();
        if (targets.Count > 0)
        {
            t.AppendLine();
            t.AppendLine("| scenario | target | measured | |");
            t.AppendLine("|---|---|--:|---|");
            foreach (var (name, x) in targets)
            {
                t.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {x.Target} | {x.Measured:0.###} | {(x.Met ? "met" : "missed")} |"));
            }
        }
        return t.ToString();
    }
}
