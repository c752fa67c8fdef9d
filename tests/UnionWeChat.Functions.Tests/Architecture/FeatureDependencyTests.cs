namespace UnionWeChat.Functions.Tests.Architecture;

/// <summary>
/// Feature folders (the namespace segment after <c>UnionWeChat.Functions</c>) may lean on each other in one
/// direction only, and on <c>Platform</c>, which leans on none of them. A cycle means two features that cannot be
/// read, tested or changed apart.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Root = "UnionWeChat.Functions.";
    private const string Platform = "Platform";

    [Fact]
    public void No_two_feature_folders_depend_on_each_other_in_a_cycle()
    {
        var graph = FeatureGraph();
        var cycles = DependencyCycles.Find(graph.Keys.ToDictionary(k => k, k => (IReadOnlyCollection<string>)graph[k].Keys));
        Assert.True(cycles.Count == 0, "Import cycles between feature folders:\n" + string.Join("\n", cycles.Select(c => Describe(c, graph))));
    }

    // Platform is what every feature stands on; Staff is identity only (keys, sessions, the console shell), and the
    // work staff do lives with its domain: so neither may lean on a feature.
    [Theory]
    [InlineData(Platform)]
    [InlineData("Staff")]
    public void A_foundation_folder_depends_on_no_feature(string folder)
    {
        var graph = FeatureGraph();
        Assert.True(graph.ContainsKey(folder), $"No {folder} namespace found: the test would check nothing.");
        var leaks = graph[folder].Where(kv => kv.Key != Platform).Select(kv => $"{kv.Value}").ToList();
        Assert.True(leaks.Count == 0, $"{folder} uses features:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void The_cycle_finder_reports_a_cycle_and_only_the_cycle()
    {
        var cycles = DependencyCycles.Find(new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["Cases"] = ["Staff", "Platform"],
            ["Staff"] = ["Menu"],
            ["Menu"] = ["Cases"],
            ["Polls"] = ["Notices", "Platform"],
            ["Notices"] = ["Platform"],
            ["Platform"] = [],
        });
        var cycle = Assert.Single(cycles);
        Assert.Equal(["Cases", "Menu", "Staff"], cycle.Order());
    }

    // feature → used feature → one example "A uses B" for the failure message.
    private static Dictionary<string, Dictionary<string, string>> FeatureGraph()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (owner, referenced) in TypeReferences.TypesUsedIn(TypeReferences.App))
        {
            if (FeatureOf(owner) is not { } from || FeatureOf(referenced) is not { } to)
            {
                continue;
            }
            var edges = graph.TryGetValue(from, out var known) ? known : graph[from] = new(StringComparer.Ordinal);
            if (from != to)
            {
                edges.TryAdd(to, $"{owner.FullName} uses {referenced.FullName}");
            }
        }
        return graph;
    }

    private static string? FeatureOf(Type type)
    {
        var ns = TypeReferences.Owner(type).Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static string Describe(IReadOnlyCollection<string> cycle, Dictionary<string, Dictionary<string, string>> graph) =>
        string.Join(", ", cycle) + ": " + string.Join("; ", cycle.SelectMany(a => cycle.Where(b => graph[a].ContainsKey(b)).Select(b => graph[a][b])));
}

/// <summary>Strongly connected components of more than one node (Tarjan): each is a set of mutually dependent nodes.</summary>
public static class DependencyCycles
{
    public static IReadOnlyList<IReadOnlyCollection<string>> Find(IReadOnlyDictionary<string, IReadOnlyCollection<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<IReadOnlyCollection<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    found.Add(component);
                }
            }
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }
        return found;
    }
}
