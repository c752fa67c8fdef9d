using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Mass messages each member received this month, table <c>massbudget</c>: PK = <c>{yyyyMM}-{bucket}</c>,
/// RK = openid, one property <c>N{noticeId}</c> per mass notice. Marking is an idempotent merge (a repeat sets the
/// same property), so it needs no read and no ETag; the count is the number of such properties.
/// A service account's member receives at most 4 mass messages a month; WeChat filters the rest.
/// </summary>
public sealed class MassBudget(AppTables tables)
{
    public const string TableName = TableRegistry.MassBudget;
    private const int Buckets = 32;

    /// <summary>Mass messages per member in <paramref name="month"/> (members with none are absent).</summary>
    public async Task<Dictionary<string, int>> CountsAsync(string month, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < Buckets; b++)
        {
            await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition(month, b)), ct: ct))
            {
                counts[e.RowKey] = e.Keys.Count(k => k.StartsWith('N'));
            }
        }
        return counts;
    }

    /// <summary>Counts <paramref name="noticeId"/> against each member's month (again is harmless).</summary>
    public async Task RecordAsync(string month, string noticeId, IEnumerable<string> openIds, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        foreach (var bucket in openIds.GroupBy(id => NoticeKeys.BucketOf(id, Buckets)))
        {
            foreach (var chunk in bucket.Chunk(100))
            {
                var actions = chunk
                    .Select(id => new TableTransactionAction(TableTransactionActionType.UpsertMerge,
                        new TableEntity(Partition(month, bucket.Key), id) { ["N" + noticeId] = true }))
                    .ToList();
                var result = await table.SubmitAsync(actions, ct);
                if (!result.Succeeded)
                {
                    throw new TableStorageException($"Recording the mass allowance failed: {result.ErrorCode}.");
                }
            }
        }
    }

    private static string Partition(string month, int bucket) => $"{month}-{bucket:D2}";
}
