namespace UnionWeChat.Bench;

/// <summary>A load scenario, run by name: <c>dotnet run --project bench/UnionWeChat.Bench -- &lt;name&gt; [options]</c>.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>Runs the scenario; returns the process exit code (0 when every check held).</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct);
}
