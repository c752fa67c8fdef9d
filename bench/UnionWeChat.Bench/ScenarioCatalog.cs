using UnionWeChat.Bench.Scenarios;

namespace UnionWeChat.Bench;

/// <summary>Every scenario the runner knows, by name.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new VoteBurstScenario(),
    ];

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
