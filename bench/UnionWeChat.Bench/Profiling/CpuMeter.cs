using System.Diagnostics;
using System.Globalization;

namespace UnionWeChat.Bench.Profiling;

/// <summary>
/// CPU time spent between <see cref="Start"/> and <see cref="Stop"/> by this process (the app and the load generator
/// share it) and by its node children (Azurite), read from /proc — to tell whether a level was limited by the app's
/// own work, by Azurite, or by the rest of a shared machine (neither busy, yet slow).
/// </summary>
public sealed class CpuMeter
{
    // Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
    private const double TicksPerSecond = 100;

    private TimeSpan _selfStart;
    private double _childrenStart;
    private long _wallStart;

    public static CpuMeter Start()
    {
        var meter = new CpuMeter();
        meter._selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        meter._childrenStart = NodeChildrenSeconds();
        meter._wallStart = Stopwatch.GetTimestamp();
        return meter;
    }

    public CpuUse Stop() => new(
        (Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalSeconds,
        NodeChildrenSeconds() - _childrenStart,
        Stopwatch.GetElapsedTime(_wallStart).TotalSeconds);

    private static double NodeChildrenSeconds()
    {
        try
        {
            var total = 0.0;
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                foreach (var pid in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (stat.Contains("(node)", StringComparison.Ordinal))
                    {
                        total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                    }
                }
            }
            return total;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
