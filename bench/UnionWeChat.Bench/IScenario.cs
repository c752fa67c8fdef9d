namespace UnionWeChat.Bench;

/// <summary>One load scenario, run by name from the command line. Add a scenario as a new file and list it in <see cref="ScenarioCatalog"/>.</summary>
public interface IScenario
{
    /// <summary>The name on the command line, e.g. <c>vote-burst</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--list</c>: what it does and its options.</summary>
    string Description { get; }

    Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellationToken);
}
