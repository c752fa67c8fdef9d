using System.Diagnostics;

namespace UnionWeChat.Bench.Load;

/// <summary>Latencies in milliseconds, recorded from many tasks; percentiles by nearest rank.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _ms = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ms.Count;
            }
        }
    }

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _ms.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>The p-th percentile (0 &lt; p ≤ 100), or 0 when nothing was recorded.</summary>
    public double Percentile(double p)
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _ms];
        }
        if (sorted.Length == 0)
        {
            return 0;
        }
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
