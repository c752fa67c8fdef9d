namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// The sender of <see cref="NoticeFanout"/>'s second run, in a process of its own so that it can be killed outright
/// half-way: no graceful release of its claims, exactly what a crashed instance leaves behind.
/// </summary>
public sealed class NoticeFanoutWorker : IScenario
{
    public string Name => "notice-fanout-worker";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        await using var app = new NoticeFanoutApp(NoticeFanoutApp.Settings(
            options.Text("storage")!, options.Text("prefix")!, options.Text("wechat")!, options));
        await app.SendUntilDoneAsync(options.Text("notice")!, ct);
        return 0;
    }
}
