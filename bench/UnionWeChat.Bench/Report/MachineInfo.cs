using System.Globalization;
using System.Runtime.InteropServices;

namespace UnionWeChat.Bench.Report;

/// <summary>What the numbers were measured on: cores, load (other work on the machine skews everything), OS, runtime.</summary>
public static class MachineInfo
{
    public static string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, load average {LoadAverage()}, {RuntimeInformation.OSDescription.Trim()}, " +
        $"{RuntimeInformation.FrameworkDescription}, {CpuModel()}");

    /// <summary>The 1-minute load average from /proc/loadavg ("?" where there is none).</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]}/{parts[1]}/{parts[2]} (1/5/15 min)";
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
