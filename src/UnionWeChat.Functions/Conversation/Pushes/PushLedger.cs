using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Remembers every push for a day so a retried push never runs its handler twice (WeChat retries an unanswered
/// push 3 times, and two instances may get the same retry). Insert-if-absent decides who handles it; the reply is
/// stored so that a retry gets the same answer. Rows are spread over 256 partitions by a hash of the key.
/// </summary>
public sealed class PushLedger(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.Pushes;
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    /// <summary>Claims the push. True: this caller handles it. False: someone already has.</summary>
    public async Task<bool> TryClaimAsync(string dedupeKey, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var (pk, rk) = Keys(dedupeKey);
        var now = time.GetUtcNow();
        var claim = Guid.NewGuid().ToString("N");
        var entity = new TableEntity(pk, rk)
        {
            ["State"] = "handling",
            ["Claim"] = claim,
            ["ClaimedAt"] = now,
            ["ExpiresAt"] = now + KeepFor,
        };
        var result = await table.AddAsync(entity, ct);
        if (result.Added)
        {
            return true;
        }
        // The pipeline retries an insert whose answer was lost (a timeout under load); the retry then finds the row
        // its own first attempt wrote. That claim is ours: without this check the message would never be handled.
        var existing = await table.GetAsync(pk, rk, ct);
        return existing?.GetString("Claim") == claim;
    }

    /// <summary>The stored reply of a finished push: null while it is still being handled.</summary>
    public async Task<PushOutcome?> GetOutcomeAsync(string dedupeKey, CancellationToken ct)
    {
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var (pk, rk) = Keys(dedupeKey);
        var entity = await table.GetAsync(pk, rk, ct);
        return entity?.GetString("State") == "done"
            ? new PushOutcome(entity.GetString("Reply"), entity.GetBoolean("DeliveredLater") ?? false)
            : null;
    }

    /// <summary>Stores what was answered (the reply XML, or null for "success").</summary>
    public async Task CompleteAsync(string dedupeKey, PushOutcome outcome, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var (pk, rk) = Keys(dedupeKey);
        var entity = new TableEntity(pk, rk)
        {
            ["State"] = "done",
            ["Reply"] = outcome.ReplyXml,
            ["DeliveredLater"] = outcome.DeliveredLater,
        };
        await table.UpsertAsync(entity, TableUpdateMode.Merge, ct);
    }

    /// <summary>Deletes rows past their expiry; run by the cleanup timer.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var now = time.GetUtcNow();
        var deleted = 0;
        await foreach (var row in table.QueryAsync(TableFilter.Create($"ExpiresAt lt {now}"), ["PartitionKey", "RowKey"], ct: ct))
        {
            await table.DeleteAsync(row.PartitionKey, row.RowKey, "*", ct);
            deleted++;
        }
        return deleted;
    }

    // Row keys may not contain '/', '\', '#', '?': hash the dedupe key (openids contain '-' and '_' only, but a
    // hostile push could carry anything), and spread rows over partitions by the hash's first byte.
    private static (string PartitionKey, string RowKey) Keys(string dedupeKey)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)));
        return (hash[..2], hash);
    }
}

/// <summary>How a push was answered: the passive reply XML (null = "success"), and whether the answer went out later as a custom message.</summary>
public sealed record PushOutcome(string? ReplyXml, bool DeliveredLater);
