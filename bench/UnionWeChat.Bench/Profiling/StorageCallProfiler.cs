using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace UnionWeChat.Bench.Profiling;

/// <summary>
/// Counts the app's Table Storage round trips while attached, by HTTP method, table and status, with their time —
/// from the activities HttpClient emits (ActivitySource "System.Net.Http"), so the app needs no change to be measured.
/// Only the app's tables count (by their prefix): the baselines' inserts on the same Azurite do not.
/// </summary>
public sealed class StorageCallProfiler : IDisposable
{
    private readonly int _storagePort;
    private readonly string _tablePrefix;
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, Tally> _calls = new(StringComparer.Ordinal);

    public StorageCallProfiler(int storagePort, string tablePrefix)
    {
        _storagePort = storagePort;
        _tablePrefix = tablePrefix;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long TotalCalls => _calls.Values.Sum(t => t.Count);

    public double TotalMilliseconds => _calls.Values.Sum(t => t.Milliseconds);

    /// <summary>One line per kind of call: count per operation and mean time, most frequent first.</summary>
    public string Describe(long operations)
    {
        var text = new StringBuilder();
        foreach (var (kind, tally) in _calls.OrderByDescending(c => c.Value.Count))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"    {tally.Count / (double)Math.Max(1, operations),6:F2}/op  {tally.Milliseconds / Math.Max(1, tally.Count),7:F1} ms  {kind}\n");
        }
        return text.ToString();
    }

    /// <summary>Adds calls and milliseconds per <paramref name="unit"/> to the details and prints the breakdown.</summary>
    public void Report(IDictionary<string, double> details, string unit, long operations)
    {
        details[$"storage calls/{unit}"] = Math.Round(TotalCalls / (double)Math.Max(1, operations), 2);
        details[$"storage ms/{unit}"] = Math.Round(TotalMilliseconds / Math.Max(1, operations), 1);
        Console.Write(Describe(operations));
    }

    public void Dispose() => _listener.Dispose();

    private void Stopped(Activity activity)
    {
        if (activity.GetTagItem("server.port") is not int port || port != _storagePort
            || activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }
        var table = TableOf(uri.AbsolutePath);
        if (table is null)
        {
            return;
        }
        var method = activity.GetTagItem("http.request.method") as string ?? "?";
        var status = activity.GetTagItem("http.response.status_code")?.ToString() ?? "failed";
        var kind = $"{method,-6} {table,-28} {status}";
        _calls.AddOrUpdate(kind, _ => new Tally(1, activity.Duration.TotalMilliseconds),
            (_, t) => new Tally(t.Count + 1, t.Milliseconds + activity.Duration.TotalMilliseconds));
    }

    // "/devstoreaccount1/bxxxxpushes(PartitionKey='ab',RowKey='…')" → "pushes(key)"; "/devstoreaccount1/$batch" → "$batch";
    // null for another table (a baseline's) or for table creation.
    private string? TableOf(string path)
    {
        var name = Uri.UnescapeDataString(path[(path.IndexOf('/', 1) + 1)..]);
        if (name == "$batch")
        {
            return name;
        }
        var keyed = name.IndexOf('(', StringComparison.Ordinal);
        var table = keyed < 0 ? name : name[..keyed];
        if (!table.StartsWith(_tablePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        table = table[_tablePrefix.Length..];
        return keyed < 0 ? table : table + "(key)";
    }

    private sealed record Tally(long Count, double Milliseconds);
}
