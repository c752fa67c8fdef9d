using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench;

/// <summary>The command line: <c>dotnet run -c Release --project bench/UnionWeChat.Bench -- &lt;scenario&gt; [--option value ...]</c>.</summary>
public static class BenchMain
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
        {
            Console.WriteLine("usage: dotnet run -c Release --project bench/UnionWeChat.Bench -- <scenario> [--option value ...]");
            foreach (var s in ScenarioCatalog.All)
            {
                Console.WriteLine($"  {s.Name,-14} {s.Description}");
            }
            return args.Length == 0 ? 2 : 0;
        }

        var scenario = ScenarioCatalog.Find(args[0]);
        if (scenario is null)
        {
            await Console.Error.WriteLineAsync($"unknown scenario '{args[0]}'; --list shows them");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        ScenarioResult result;
        try
        {
            result = await scenario.RunAsync(ScenarioOptions.Parse(args[1..]), stop.Token);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{scenario.Name}: {ex.Message}");
            return 2;
        }

        Console.WriteLine(result.Summary);
        foreach (var failure in result.Failures)
        {
            Console.WriteLine("  FAILED: " + failure);
        }
        var folder = Path.Combine(RepoPaths.Root, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, scenario.Name + ".json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Indented));
        Console.WriteLine("  results: " + Path.GetRelativePath(RepoPaths.Root, file));
        return result.Passed ? 0 : 1;
    }
}
