using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Readable case numbers, unique across instances: <c>TS-20261121-0042</c> for complaints, <c>QZ-…</c> for aid.
/// One counter row per kind and day (China time), advanced with its ETag; a lost race re-reads and tries again.
/// Within one instance, callers take turns per counter and reuse the value and ETag of the last write, so a burst
/// of confirmations costs one write per number instead of a read, a write and a 412 retry per competitor.
/// </summary>
public sealed class CaseNumbers(AppTables tables)
{
    public const string TableName = TableRegistry.CaseCounters;
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public static string Prefix(CaseKind kind) => kind == CaseKind.Complaint ? "TS" : "QZ";

    public async Task<string> NextAsync(CaseKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var day = ChinaTime.Day(now);
        var partition = $"{Prefix(kind)}-{day}";
        var counter = CounterFor(partition);
        await counter.Turn.WaitAsync(ct);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                if (counter.Last is { } last)
                {
                    var next = last.Value + 1;
                    var updated = await table.UpdateAsync(new TableEntity(partition, "seq") { ["Value"] = next }, last.ETag, TableUpdateMode.Replace, ct);
                    if (updated.Outcome == WriteOutcome.Succeeded)
                    {
                        counter.Last = new Seen(next, updated.ETag!);
                        return Format(partition, next);
                    }
                    // Another instance took a number since: read the row again.
                    counter.Last = null;
                }
                else
                {
                    var row = await table.GetAsync(partition, "seq", ct);
                    if (row is not null)
                    {
                        counter.Last = new Seen(row.GetInt64("Value") ?? 0, row.ETagText()!);
                        continue;
                    }
                    var added = await table.AddAsync(new TableEntity(partition, "seq") { ["Value"] = 1L }, ct);
                    if (added.Added)
                    {
                        counter.Last = new Seen(1, added.ETag!);
                        return Format(partition, 1);
                    }
                }
                // Someone else took this number: back off a little, with jitter, so a burst does not thrash.
                await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20) * 3), ct);
            }
        }
        finally
        {
            counter.Turn.Release();
        }
    }

    // One counter per kind and day; yesterday's are dropped when today's first appears.
    private Counter CounterFor(string partition)
    {
        if (_counters.TryGetValue(partition, out var known))
        {
            return known;
        }
        var kindPrefix = partition[..3];
        foreach (var old in _counters.Keys.Where(k => k.StartsWith(kindPrefix, StringComparison.Ordinal) && k != partition))
        {
            _counters.TryRemove(old, out _);
        }
        return _counters.GetOrAdd(partition, _ => new Counter());
    }

    private static string Format(string partition, long sequence) =>
        $"{partition}-{sequence.ToString(sequence < 10000 ? "D4" : "D", CultureInfo.InvariantCulture)}";

    /// <summary>The month partition a case number was created in, or null when it is not a case number.</summary>
    public static string? MonthOf(string number)
    {
        if (number.Length < 15 || (number[..3] != "TS-" && number[..3] != "QZ-") || number[11] != '-')
        {
            return null;
        }
        var date = number.AsSpan(3, 8);
        return DateOnly.TryParseExact(date, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
               && number.AsSpan(12).IndexOfAnyExceptInRange('0', '9') < 0
            ? d.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : null;
    }

    private sealed class Counter
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>The value and ETag this instance last wrote or read; null when it must read the row first.</summary>
        public Seen? Last { get; set; }
    }

    private sealed record Seen(long Value, string ETag);
}
