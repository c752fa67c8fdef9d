using UnionWeChat.Bench.Scenarios;

namespace UnionWeChat.Bench;

/// <summary>Picks the scenario named by the first argument.</summary>
public static class BenchProgram
{
    private static readonly IScenario[] Scenarios = [new NoticeFanout(), new NoticeFanoutWorker()];

    public static async Task<int> Main(string[] args)
    {
        var scenario = args.Length > 0 ? Scenarios.FirstOrDefault(s => s.Name == args[0]) : null;
        if (scenario is null)
        {
            await Console.Error.WriteLineAsync("usage: UnionWeChat.Bench <" + string.Join("|", Scenarios.Select(s => s.Name)) + "> [options]");
            return 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return await scenario.RunAsync(args[1..], stop.Token);
    }
}
