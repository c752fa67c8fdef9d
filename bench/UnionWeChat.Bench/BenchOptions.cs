using System.Globalization;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench;

/// <summary>
/// How long and how hard to push, from the command line:
/// <c>[scenario…] [--duration 10] [--warmup 2] [--baseline 4] [--senders 1,16,64] [--workers 32] [--members 1000]
/// [--recipients 5000] [--profile]</c>.
/// </summary>
public sealed record BenchOptions
{
    /// <summary>Measured time per load level (default 8 s).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Unmeasured load before each level: JIT, connection pools, table creation (default 2 s).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Measured time of each baseline run (default 3 s; each level has four: both baselines, before and after it).</summary>
    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Concurrent senders of the webhook scenarios (default 1, 16, 64).</summary>
    public IReadOnlyList<int> Senders { get; init; } = [1, 16, 64];

    /// <summary>Concurrent workers of the dialog scenarios (default 32).</summary>
    public int Workers { get; init; } = 32;

    /// <summary>Members who vote in <c>vote-burst</c> and <c>vote-page</c> (default 1,000, so the whole bench stays short; the run is 20,000).</summary>
    public int Members { get; init; } = 1_000;

    /// <summary>Followers a <c>notice-fanout</c> notice goes to (default 5,000; the run is 100,000).</summary>
    public int Recipients { get; init; } = 5_000;

    /// <summary>Count storage calls per operation by table and method (adds a little overhead; default off).</summary>
    public bool Profile { get; init; }

    /// <summary>Scenarios to run, by name; empty = all.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Where the JSON results go (default <c>bench/results</c> in the repository).</summary>
    public string ResultsDirectory { get; init; } = Path.Combine(RepoPaths.Root, "bench", "results");

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var names = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--duration" => options with { Duration = Seconds(args, ++i, arg) },
                "--warmup" => options with { Warmup = Seconds(args, ++i, arg) },
                "--baseline" => options with { BaselineDuration = Seconds(args, ++i, arg) },
                "--senders" => options with { Senders = Counts(args, ++i, arg) },
                "--workers" => options with { Workers = Counts(args, ++i, arg)[0] },
                "--members" => options with { Members = Size(args, ++i, arg) },
                "--recipients" => options with { Recipients = Size(args, ++i, arg) },
                "--results" => options with { ResultsDirectory = Value(args, ++i, arg) },
                "--profile" => options with { Profile = true },
                _ when arg.StartsWith("--", StringComparison.Ordinal) => throw new ArgumentException($"unknown option {arg}"),
                _ => options,
            };
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                names.Add(arg);
            }
        }
        return options with { Scenarios = names };
    }

    private static string Value(IReadOnlyList<string> args, int i, string name) =>
        i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value");

    private static TimeSpan Seconds(IReadOnlyList<string> args, int i, string name) =>
        double.TryParse(Value(args, i, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name} takes seconds, e.g. {name} 10");

    private static int Size(IReadOnlyList<string> args, int i, string name) =>
        int.TryParse(Value(args, i, name), CultureInfo.InvariantCulture, out var n) && n is >= 10 and <= 1_000_000
            ? n
            : throw new ArgumentException($"{name} takes a count from 10 to 1000000, e.g. {name} 20000");

    private static int[] Counts(IReadOnlyList<string> args, int i, string name)
    {
        var parts = Value(args, i, name).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var counts = parts.Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1024 ? n : 0).ToArray();
        return counts.Length > 0 && counts.All(n => n > 0)
            ? counts
            : throw new ArgumentException($"{name} takes counts from 1 to 1024, e.g. {name} 1,16,64");
    }
}
