using UnionWeChat.Bench;
using UnionWeChat.Bench.Report;
using UnionWeChat.Bench.Scenarios;

namespace UnionWeChat.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/UnionWeChat.Bench -- [scenario…] [options]</c>: runs the named scenarios
/// (none = all) one after another, prints one line each, writes bench/results/&lt;name&gt;.json, then the table.
/// </summary>
public static class BenchRunner
{
    /// <summary>Every scenario, in the order they run. Add yours here, one line.</summary>
    private static IScenario[] All() =>
    [
        WebhookScenario.Text(),
        WebhookScenario.Safe(),
        new ComplaintScenario(),
        new VoteBurstScenario(),
        new VotePageScenario(),
        new SurveyBurstScenario(),
        new NoticeFanoutScenario(),
    ];

    public static async Task<int> Main(string[] args)
    {
        // notice-fanout starts this program again as the sender it kills half-way; that child is not a scenario.
        if (args.Length > 0 && args[0] == NoticeFanoutWorker.Command)
        {
            return await NoticeFanoutWorker.RunAsync(args[1..], CancellationToken.None);
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync("usage: [scenario…] [--duration s] [--warmup s] [--baseline s] [--senders 1,16,64] [--workers n] [--members n] [--recipients n] [--profile] [--results dir]");
            return 2;
        }

        var all = All();
        var unknown = options.Scenarios.Where(n => all.All(s => s.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            await Console.Error.WriteLineAsync($"unknown scenario(s): {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(s => s.Name))}");
            return 2;
        }
        var chosen = options.Scenarios.Count == 0 ? all : all.Where(s => options.Scenarios.Contains(s.Name)).ToArray();

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var machineBefore = MachineInfo.Describe();
        Console.WriteLine($"Machine: {machineBefore}");
        var results = new List<ScenarioResult>();
        var failed = 0;
        foreach (var scenario in chosen)
        {
            Console.WriteLine($"== {scenario.Name}");
            try
            {
                var result = await scenario.RunAsync(options, cancel.Token) with
                {
                    FinishedAt = TimeProvider.System.GetUtcNow(),
                    Machine = MachineInfo.Describe(),
                };
                results.Add(result);
                Console.WriteLine(result.ToLine());
                foreach (var (key, value) in result.Details)
                {
                    Console.WriteLine($"    {key}: {value}");
                }
                var path = await ResultWriter.WriteAsync(result, options.ResultsDirectory, cancel.Token);
                Console.WriteLine($"    → {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                Console.WriteLine("cancelled");
                break;
            }
            catch (Exception ex)
            {
                // One broken scenario must not hide the others' numbers.
                failed++;
                Console.WriteLine($"{scenario.Name} FAILED: {ex}");
            }
        }

        Console.WriteLine();
        Console.WriteLine(ResultTable.Render(results));
        Console.WriteLine($"Machine at start: {machineBefore}");
        Console.WriteLine($"Machine at end:   {MachineInfo.Describe()}");
        return failed > 0 ? 1 : 0;
    }
}
