using System.Collections.Concurrent;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Members;

/// <summary>
/// A worker's row in table <c>members</c> (PK = RK = openid) as the reply path sees it: the profile and the
/// customer-service window, and next to them what Conversation keeps per worker (the open dialog, the answers to
/// the last few pushes). One point read gives a message everything it needs, and one conditional write records it.
/// <para>
/// Rows read for the reply path are kept per instance for <see cref="CacheFor"/>: a worker in the middle of a
/// dialog then costs no read at all. A kept copy can be stale (another instance handled a message, staff wrote to
/// the row), which is safe because every write of the reply path carries the ETag of the copy it decided on: a stale
/// copy makes the write fail (412), the copy is dropped, and the message is decided again on a fresh read.
/// Every other writer of a member row calls <see cref="Forget"/> so this instance does not pay that failed write.
/// </para>
/// </summary>
public sealed class MemberRows(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.Members;

    /// <summary>How long a read row is reused. Short: a wrong guess costs one failed write, and memory is per instance.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(2);

    /// <summary>Past this many kept rows the cache starts again empty (a burst of new followers must not grow it without bound).</summary>
    public const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    /// <summary>
    /// The row (a copy the caller may change), or null when the worker has none. <paramref name="fresh"/> skips the
    /// kept copy: for a second attempt after a write found the row changed.
    /// </summary>
    public async Task<TableEntity?> ReadAsync(string openId, bool fresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!fresh && _kept.TryGetValue(openId, out var kept) && now - kept.At < CacheFor)
        {
            return kept.Row is null ? null : Copy(kept.Row);
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var row = await table.GetAsync(openId, openId, ct);
        Keep(openId, row, now);
        return row is null ? null : Copy(row);
    }

    /// <summary>
    /// Writes the whole row if it is still as read: inserted when <paramref name="readETag"/> is null (there was no
    /// row), else replaced if its ETag still matches. Returns the new ETag, or null when the row changed meanwhile
    /// (nothing written; the kept copy is dropped).
    /// </summary>
    public async Task<string?> TryWriteAsync(TableEntity row, string? readETag, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(row);
        var openId = row.PartitionKey;
        var table = await tables.OpenForReplyAsync(TableName, ct);
        string? etag;
        try
        {
            etag = readETag is null
                ? (await table.AddAsync(row, ct)).ETag
                : (await table.UpdateAsync(row, readETag, TableUpdateMode.Replace, ct)) is { Succeeded: true } written ? written.ETag : null;
        }
        catch
        {
            // Applied or not, we cannot tell: the next read must go to storage.
            Forget(openId);
            throw;
        }
        if (etag is null)
        {
            Forget(openId);
            return null;
        }
        var stored = Copy(row);
        stored.ETag = new Azure.ETag(etag);
        Keep(openId, stored, time.GetUtcNow());
        return etag;
    }

    /// <summary>Drops this instance's copy of the worker's row: called by every write outside the reply path.</summary>
    public void Forget(string openId) => _kept.TryRemove(openId, out _);

    private void Keep(string openId, TableEntity? row, DateTimeOffset at)
    {
        if (_kept.Count >= MaxCached)
        {
            _kept.Clear();
        }
        _kept[openId] = new Kept(row is null ? null : Copy(row), at);
    }

    private static TableEntity Copy(TableEntity row) => new(row) { ETag = row.ETag };

    private sealed record Kept(TableEntity? Row, DateTimeOffset At);
}
