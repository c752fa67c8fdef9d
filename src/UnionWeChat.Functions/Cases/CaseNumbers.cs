using System.Globalization;
using UnionWeChat.Functions.Storage;
using UnionWeChat.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Readable case numbers, unique across instances: <c>TS-20261121-0042</c> for complaints, <c>QZ-…</c> for aid.
/// One counter row per kind and day (China time), advanced with its ETag; a lost race re-reads and tries again.
/// </summary>
public sealed class CaseNumbers(AppTables tables)
{
    public const string TableName = "counters";
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static string Prefix(CaseKind kind) => kind == CaseKind.Complaint ? "TS" : "QZ";

    public async Task<string> NextAsync(CaseKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var day = now.ToOffset(ChinaOffset).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var partition = $"{Prefix(kind)}-{day}";
        for (var attempt = 0; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var row = await table.GetAsync(partition, "seq", ct);
            long next;
            if (row is null)
            {
                next = 1;
                var added = await table.AddAsync(new TableEntity(partition, "seq") { ["Value"] = next }, ct);
                if (added.Added)
                {
                    return Format(partition, next);
                }
            }
            else
            {
                next = (row.GetInt64("Value") ?? 0) + 1;
                var updated = await table.UpdateAsync(new TableEntity(partition, "seq") { ["Value"] = next }, row.ETag!, UpsertMode.Replace, ct);
                if (updated.Outcome == WriteOutcome.Succeeded)
                {
                    return Format(partition, next);
                }
            }
            // Someone else took this number: back off a little, with jitter, so a burst does not thrash.
            await Task.Delay(Random.Shared.Next(1, 5 + Math.Min(attempt, 20) * 3), ct);
        }
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
}
