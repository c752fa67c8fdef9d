using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The per-recipient outbox, table <c>noticeoutbox</c>: PK = <c>{noticeId}-{bucket:D2}</c>, RK = openid, so a
/// 100,000-recipient notice is spread over <see cref="Notice.Buckets"/> partitions (the service serves about 2,000
/// entities a second per partition). Each partition also holds its counter row (<c>~counts</c>) and delivery row
/// (<c>~delivery</c>), written in the same entity-group transaction as the rows they count; every row change is
/// conditional on the ETag it was read with.
/// </summary>
public sealed class OutboxStore(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.NoticeOutbox;
    internal const string CounterRow = "~counts";
    internal const string DeliveryRow = "~delivery";
    private const int MaxAttempts = 50;

    private Task<TableClient> TableAsync(CancellationToken ct) => tables.OpenAsync(TableName, ct);

    /// <summary>The bucket's counter, created empty when missing; <c>Created</c> says whether this call made it.</summary>
    public async Task<(BucketCounter Counter, bool Created)> OpenCounterAsync(string partition, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var existing = await table.GetAsync(partition, CounterRow, ct);
        if (existing is not null)
        {
            return (CounterFrom(existing), false);
        }
        var added = await table.AddAsync(CounterEntity(partition, OutboxCounts.Zero, null), ct);
        if (added.Added)
        {
            return (new BucketCounter(partition, OutboxCounts.Zero, added.ETag!, null), true);
        }
        return (CounterFrom(await table.GetAsync(partition, CounterRow, ct)
            ?? throw new TableStorageException($"Counter of {partition} vanished while it was created.")), false);
    }

    /// <summary>A notice's counts: one point read per bucket, never a scan.</summary>
    public async Task<IReadOnlyList<BucketCounter>> CountersAsync(Notice notice, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var reads = Enumerable.Range(0, notice.Buckets)
            .Select(b => table.GetAsync(NoticeKeys.Partition(notice.Id, b), CounterRow, ct));
        var rows = await Task.WhenAll(reads);
        return rows.OfType<TableEntity>().Select(CounterFrom).ToList();
    }

    /// <summary>Delivery reports (TEMPLATESENDJOBFINISH) counted per bucket and summed: delivered, failed.</summary>
    public async Task<(int Delivered, int Failed)> DeliveriesAsync(Notice notice, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var rows = await Task.WhenAll(Enumerable.Range(0, notice.Buckets)
            .Select(b => table.GetAsync(NoticeKeys.Partition(notice.Id, b), DeliveryRow, ct)));
        return (rows.Sum(r => r?.GetInt32("Delivered") ?? 0), rows.Sum(r => r?.GetInt32("Failed") ?? 0));
    }

    public async Task<OutboxRow?> GetAsync(string partition, string openId, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var e = await table.GetAsync(partition, openId, ct);
        return e is null ? null : RowFrom(e);
    }

    /// <summary>Up to <paramref name="top"/> rows in <paramref name="state"/> after the openid <paramref name="after"/>, in key order.</summary>
    public async Task<IReadOnlyList<OutboxRow>> ListAsync(string partition, RecipientState state, string? after, int? top, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var filter = TableFilter.Create($"PartitionKey eq {partition} and State eq {state.ToString()} and RowKey gt {after ?? ""}");
        var rows = new List<OutboxRow>();
        await foreach (var e in table.QueryAsync(filter, top: top, ct: ct))
        {
            rows.Add(RowFrom(e));
        }
        return rows;
    }

    /// <summary>Rows still <see cref="RecipientState.Sending"/> whose claim has lapsed: their sender stopped or crashed.</summary>
    public async Task<IReadOnlyList<OutboxRow>> ListLapsedClaimsAsync(string partition, DateTimeOffset now, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var filter = TableFilter.Create($"PartitionKey eq {partition} and State eq {nameof(RecipientState.Sending)} and LeaseUntil lt {now}");
        var rows = new List<OutboxRow>();
        await foreach (var e in table.QueryAsync(filter, ct: ct))
        {
            rows.Add(RowFrom(e));
        }
        return rows;
    }

    /// <summary>The openids already in a bucket (for an expansion that runs again).</summary>
    public async Task<HashSet<string>> OpenIdsAsync(string partition, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(partition), select: ["RowKey"], ct: ct))
        {
            if (!e.RowKey.StartsWith('~'))
            {
                keys.Add(e.RowKey);
            }
        }
        return keys;
    }

    /// <summary>
    /// Adds rows that are not there yet (at most 99, one bucket) and counts them, in one transaction. A row that
    /// already exists is left as it is and not counted again. Returns how many were added.
    /// </summary>
    public async Task<int> InsertAsync(BucketCounter counter, IReadOnlyList<OutboxRow> rows, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var pending = rows.ToList();
        for (var attempt = 0; attempt < MaxAttempts && pending.Count > 0; attempt++)
        {
            var counts = pending.Aggregate(counter.Counts, (c, r) => c.Add(r.State, 1));
            var actions = pending
                .Select(r => new TableTransactionAction(TableTransactionActionType.Add, RowEntity(r)))
                .Append(CounterUpdate(counter, counts, counter.LastSentAt))
                .ToList();
            var result = await table.SubmitAsync(actions, ct);
            if (result.Succeeded)
            {
                counter.Update(counts, result.ETags[^1]!, counter.LastSentAt);
                return pending.Count;
            }
            if (result.FailedIndex is int i && i < pending.Count)
            {
                pending.RemoveAt(i);
            }
            else
            {
                await RefreshAsync(table, counter, ct);
            }
        }
        return pending.Count == 0 ? 0 : throw new TableStorageException($"Could not add rows to {counter.Partition} in {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Applies the transitions (at most 99, one bucket) and the counter change in one transaction. A row found changed
    /// is read again and its change re-applied; one that is no longer ours is left out. Returns the rows as written.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>> ApplyAsync(BucketCounter counter, IReadOnlyList<OutboxTransition> transitions, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var pending = new List<(OutboxRow From, Func<OutboxRow, OutboxRow?> Change, OutboxRow To)>();
        foreach (var t in transitions)
        {
            if (t.Change(t.Row) is { } to)
            {
                pending.Add((t.Row, t.Change, to));
            }
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (pending.Count == 0)
            {
                return [];
            }
            var counts = counter.Counts;
            var lastSent = counter.LastSentAt;
            foreach (var (from, _, to) in pending)
            {
                counts = counts.Add(from.State, -1).Add(to.State, 1);
                if (to.State == RecipientState.Sent && from.State != RecipientState.Sent)
                {
                    lastSent = time.GetUtcNow();
                }
            }
            var actions = pending
                .Select(p => new TableTransactionAction(TableTransactionActionType.UpdateReplace, RowEntity(p.To), TableClientExtensions.IfMatch(p.From.ETag)))
                .Append(CounterUpdate(counter, counts, lastSent))
                .ToList();
            var result = await table.SubmitAsync(actions, ct);
            if (result.Succeeded)
            {
                counter.Update(counts, result.ETags[^1]!, lastSent);
                return pending.Select((p, i) => p.To with { ETag = result.ETags[i] }).ToList();
            }
            if (result.FailedIndex is int i && i < pending.Count)
            {
                // That row changed since it was read: take it again as it is now, if the change still applies.
                var (from, change, _) = pending[i];
                pending.RemoveAt(i);
                if (await table.GetAsync(counter.Partition, from.OpenId, ct) is { } fresh
                    && change(RowFrom(fresh)) is { } again)
                {
                    pending.Insert(i, (RowFrom(fresh), change, again));
                }
            }
            else if (result.FailedIndex == pending.Count)
            {
                await RefreshAsync(table, counter, ct);
            }
            else
            {
                // The service did not say which operation failed: read everything again.
                await RefreshAsync(table, counter, ct);
                var refreshed = new List<(OutboxRow, Func<OutboxRow, OutboxRow?>, OutboxRow)>();
                foreach (var (from, change, _) in pending)
                {
                    if (await table.GetAsync(counter.Partition, from.OpenId, ct) is { } fresh && change(RowFrom(fresh)) is { } again)
                    {
                        refreshed.Add((RowFrom(fresh), change, again));
                    }
                }
                pending = refreshed;
            }
        }
        throw new TableStorageException($"Could not update rows of {counter.Partition} in {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Records a TEMPLATESENDJOBFINISH status on the row and counts it, once: a row that already has a status is left
    /// as it is. Returns whether this call recorded it.
    /// </summary>
    public async Task<bool> RecordDeliveryAsync(string partition, string openId, string status, CancellationToken ct)
    {
        var table = await TableAsync(ct);
        var delivered = status.Equals("success", StringComparison.OrdinalIgnoreCase);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var rowEntity = await table.GetAsync(partition, openId, ct);
            if (rowEntity is null || RowFrom(rowEntity) is not { Delivery: null } row)
            {
                return false;
            }
            var tally = await table.GetAsync(partition, DeliveryRow, ct);
            var next = new TableEntity(partition, DeliveryRow)
            {
                ["Delivered"] = (tally?.GetInt32("Delivered") ?? 0) + (delivered ? 1 : 0),
                ["Failed"] = (tally?.GetInt32("Failed") ?? 0) + (delivered ? 0 : 1),
            };
            var result = await table.SubmitAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, RowEntity(row with { Delivery = Shorten(status) }), TableClientExtensions.IfMatch(row.ETag)),
                tally is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, next)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, tally.ETag),
            ], ct);
            if (result.Succeeded)
            {
                return true;
            }
        }
        throw new TableStorageException($"Could not record a delivery in {partition} in {MaxAttempts} attempts.");
    }

    private static string Shorten(string status) => status.Length <= 64 ? status : status[..64];

    private static async Task RefreshAsync(TableClient table, BucketCounter counter, CancellationToken ct)
    {
        var e = await table.GetAsync(counter.Partition, CounterRow, ct)
            ?? throw new TableStorageException($"Counter row of {counter.Partition} is missing.");
        var fresh = CounterFrom(e);
        counter.Update(fresh.Counts, fresh.ETag, fresh.LastSentAt);
    }

    private static TableTransactionAction CounterUpdate(BucketCounter counter, OutboxCounts counts, DateTimeOffset? lastSentAt) =>
        new(TableTransactionActionType.UpdateReplace, CounterEntity(counter.Partition, counts, lastSentAt), TableClientExtensions.IfMatch(counter.ETag));

    private static TableEntity CounterEntity(string partition, OutboxCounts c, DateTimeOffset? lastSentAt) => new(partition, CounterRow)
    {
        ["Pending"] = c.Pending,
        ["Sending"] = c.Sending,
        ["Sent"] = c.Sent,
        ["Failed"] = c.Failed,
        ["Skipped"] = c.Skipped,
        ["Unconfirmed"] = c.Unconfirmed,
        ["LastSentAt"] = lastSentAt,
    };

    private static BucketCounter CounterFrom(TableEntity e) => new(
        e.PartitionKey,
        new OutboxCounts(
            e.GetInt32("Pending") ?? 0, e.GetInt32("Sending") ?? 0, e.GetInt32("Sent") ?? 0,
            e.GetInt32("Failed") ?? 0, e.GetInt32("Skipped") ?? 0, e.GetInt32("Unconfirmed") ?? 0),
        e.ETagText()!,
        e.GetDateTimeOffset("LastSentAt"));

    internal static TableEntity RowEntity(OutboxRow r) => new(r.Partition, r.OpenId)
    {
        ["State"] = r.State.ToString(),
        ["Attempts"] = r.Attempts,
        ["ClaimId"] = r.ClaimId,
        ["ClaimedAt"] = r.ClaimedAt,
        ["LeaseUntil"] = r.LeaseUntil,
        ["ErrCode"] = r.ErrCode,
        ["Reason"] = r.Reason,
        ["MsgId"] = r.MsgId,
        ["SentAt"] = r.SentAt,
        ["MassKey"] = r.MassKey,
        ["Delivery"] = r.Delivery,
    };

    internal static OutboxRow RowFrom(TableEntity e) => new()
    {
        Partition = e.PartitionKey,
        OpenId = e.RowKey,
        State = Enum.TryParse<RecipientState>(e.GetString("State"), out var s) ? s : RecipientState.Pending,
        Attempts = e.GetInt32("Attempts") ?? 0,
        ClaimId = e.GetString("ClaimId"),
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        ErrCode = e.GetInt32("ErrCode"),
        Reason = e.GetString("Reason"),
        MsgId = e.GetInt64("MsgId"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        MassKey = e.GetString("MassKey"),
        Delivery = e.GetString("Delivery"),
        ETag = e.ETagText(),
    };
}
