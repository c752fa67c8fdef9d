namespace UnionWeChat.Bench;

/// <summary>A target from the issue, recorded with what was measured; never asserted.</summary>
public sealed record TargetCheck(string Target, double Goal, double Measured, bool Met)
{
    /// <summary>p99 under <paramref name="ms"/> at the level with <paramref name="concurrency"/> (or the busiest level).</summary>
    public static TargetCheck P99Under(IReadOnlyList<LevelResult> levels, int concurrency, double ms)
    {
        var level = levels.FirstOrDefault(l => l.Concurrency == concurrency) ?? levels[^1];
        return new($"p99 < {ms:F0} ms at c={level.Concurrency}", ms, level.P99Ms, level.P99Ms < ms);
    }

    /// <summary>At the busiest level, pushes per second at least <paramref name="share"/> of Azurite's insert rate.</summary>
    public static TargetCheck ShareOfStorage(IReadOnlyList<LevelResult> levels, double share)
    {
        var level = levels[^1];
        return new($"throughput >= {share:P0} of Azurite inserts at c={level.Concurrency}", share, level.RatioToStorage, level.RatioToStorage >= share);
    }
}
