namespace UnionWeChat.Bench.Profiling;

/// <summary>CPU seconds used by this process (app + load generator) and by Azurite over <paramref name="Wall"/> seconds.</summary>
public sealed record CpuUse(double Self, double Azurite, double Wall)
{
    /// <summary>Cores kept busy by the two together (out of <see cref="Environment.ProcessorCount"/>); the rest went elsewhere.</summary>
    public double Cores => Wall > 0 ? (Self + Azurite) / Wall : 0;

    /// <summary>Adds this level's CPU figures, per operation, to a result's details.</summary>
    public void Describe(IDictionary<string, double> details, string label, long operations)
    {
        var ops = Math.Max(1, operations);
        details[$"cpu ms/op app+load {label}"] = Math.Round(Self * 1000 / ops, 2);
        details[$"cpu ms/op azurite {label}"] = Math.Round(Azurite * 1000 / ops, 2);
        details[$"cores busy {label}"] = Math.Round(Cores, 2);
    }
}
