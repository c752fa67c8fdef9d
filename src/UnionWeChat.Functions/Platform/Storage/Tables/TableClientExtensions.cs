using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace UnionWeChat.Functions.Platform.Storage.Tables;

/// <summary>
/// The app's one wrapping of Azure.Data.Tables: the outcomes a store expects (a missing entity, 409 on
/// insert-if-absent, 412 on an ETag, a failed transaction action) come back as results, and every other failure,
/// including storage that cannot be reached after the pipeline's retries, as <see cref="TableStorageException"/>.
/// Stores call these instead of the SDK's methods so that rule is written once.
/// </summary>
public static class TableClientExtensions
{
    /// <summary>The service's limit on one entity-group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Reads one entity; null when it, or its table, does not exist.</summary>
    public static async Task<TableEntity?> GetAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken ct = default)
    {
        var found = await Call(table, "Get", () => table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct));
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Inserts the entity unless one with its keys exists (409, then <see cref="AddResult.AlreadyExists"/>).</summary>
    public static async Task<AddResult> AddAsync(this TableClient table, TableEntity entity, CancellationToken ct = default)
    {
        try
        {
            var response = await table.AddEntityAsync(entity, ct);
            return new AddResult(true, Tag(response.Headers.ETag));
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode is null or "EntityAlreadyExists")
        {
            return AddResult.AlreadyExists;
        }
        catch (Exception ex) when (IsStorageFailure(ex, ct))
        {
            throw Failure(table, "Add", ex);
        }
    }

    /// <summary>Inserts, or merges into / replaces an existing entity. Returns the new ETag.</summary>
    public static async Task<string> UpsertAsync(this TableClient table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken ct = default)
    {
        var response = await Call(table, "Upsert", () => table.UpsertEntityAsync(entity, mode, ct));
        return Tag(response.Headers.ETag) ?? "";
    }

    /// <summary>
    /// Writes an existing entity if it still has the ETag <paramref name="ifMatch"/> ("*" for any): a changed entity
    /// gives <see cref="WriteOutcome.Conflict"/> (412), a missing one <see cref="WriteOutcome.NotFound"/>.
    /// </summary>
    public static async Task<WriteResult> UpdateAsync(
        this TableClient table, TableEntity entity, string ifMatch, TableUpdateMode mode = TableUpdateMode.Replace, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(ifMatch), mode, ct);
            return new WriteResult(WriteOutcome.Succeeded, Tag(response.Headers.ETag));
        }
        catch (RequestFailedException ex) when (Conditional(ex) is { } outcome)
        {
            return new WriteResult(outcome, null);
        }
        catch (Exception ex) when (IsStorageFailure(ex, ct))
        {
            throw Failure(table, "Update", ex);
        }
    }

    /// <summary>Deletes an entity if it still has the ETag <paramref name="ifMatch"/> (default any).</summary>
    public static async Task<WriteResult> DeleteAsync(this TableClient table, string partitionKey, string rowKey, string ifMatch = "*", CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        try
        {
            // The SDK answers a missing entity with its 404 response rather than an exception.
            var response = await table.DeleteEntityAsync(partitionKey, rowKey, new ETag(ifMatch), ct);
            return new WriteResult(response.Status == 404 ? WriteOutcome.NotFound : WriteOutcome.Succeeded, null);
        }
        catch (RequestFailedException ex) when (Conditional(ex) is { } outcome)
        {
            return new WriteResult(outcome, null);
        }
        catch (Exception ex) when (IsStorageFailure(ex, ct))
        {
            throw Failure(table, "Delete", ex);
        }
    }

    /// <summary>
    /// Streams the entities matching <paramref name="filter"/> (null: all) in key order, page by page (the service
    /// returns at most 1,000 entities per page); <paramref name="top"/> caps the total.
    /// </summary>
    public static async IAsyncEnumerable<TableEntity> QueryAsync(
        this TableClient table,
        TableFilter? filter = null,
        IEnumerable<string>? select = null,
        int? top = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (top is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(top), "top must be at least 1.");
        }
        var pages = table.QueryAsync<TableEntity>(filter?.ToString(), top is { } t ? Math.Min(t, 1000) : 1000, select?.ToList(), ct)
            .AsPages();
        var returned = 0;
        await using var pager = pages.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await pager.MoveNextAsync();
            }
            catch (Exception ex) when (IsStorageFailure(ex, ct))
            {
                throw Failure(table, "Query", ex);
            }
            if (!more)
            {
                yield break;
            }
            foreach (var entity in pager.Current.Values)
            {
                yield return entity;
                if (++returned == top)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically. A failed action is a result naming it, and then none is
    /// applied. Checked before sending: the SDK would send 101 actions, and Azurite answers those in a form it cannot read.
    /// </summary>
    public static async Task<TransactionResult> SubmitAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken ct = default)
    {
        CheckTransaction(actions);
        try
        {
            var responses = await table.SubmitTransactionAsync(actions, ct);
            return new TransactionResult(true, null, null, null, responses.Value.Select(r => Tag(r.Headers.ETag)).ToList());
        }
        catch (TableTransactionFailedException ex) when (ex.ErrorCode != "TableNotFound")
        {
            return new TransactionResult(false, ex.FailedTransactionActionIndex, ex.Status, ex.ErrorCode, []);
        }
        catch (Exception ex) when (IsStorageFailure(ex, ct))
        {
            throw Failure(table, "Transaction", ex);
        }
    }

    /// <summary>The entity's ETag as the stores keep it: null for one never read or written.</summary>
    public static string? ETagText(this ITableEntity entity) => Tag(entity.ETag);

    /// <summary>A cheap authorised request (list one table) proving storage is reachable and the credentials work.</summary>
    public static async Task PingAsync(this TableServiceClient service, CancellationToken ct)
    {
        try
        {
            await using var pages = service.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages().GetAsyncEnumerator(ct);
            await pages.MoveNextAsync();
        }
        catch (Exception ex) when (IsStorageFailure(ex, ct))
        {
            throw new TableStorageException((ex as RequestFailedException)?.Status ?? 0, (ex as RequestFailedException)?.ErrorCode, "Ping of table storage failed.", ex);
        }
    }

    /// <summary>The If-Match of a transaction action: the ETag the row was read with, or any ("*") when null.</summary>
    public static ETag IfMatch(string? etag) => etag is null ? ETag.All : new ETag(etag);

    /// <summary>Sets a property and returns the entity, for building rows in one expression; null removes it.</summary>
    public static TableEntity Set(this TableEntity entity, string name, object? value)
    {
        if (value is null)
        {
            entity.Remove(name);
        }
        else
        {
            entity[name] = value;
        }
        return entity;
    }

    internal static void CheckTransaction(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxTransactionActions)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxTransactionActions} actions, not {actions.Count}.", nameof(actions));
        }
        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (action.Entity.PartitionKey != partition)
            {
                throw new ArgumentException("A transaction's actions must share one partition key.", nameof(actions));
            }
            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"A transaction touches row '{action.Entity.RowKey}' twice.", nameof(actions));
            }
        }
    }

    private static async Task<T> Call<T>(TableClient table, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsStorageFailure(ex, CancellationToken.None))
        {
            throw Failure(table, operation, ex);
        }
    }

    private static WriteOutcome? Conditional(RequestFailedException ex) => ex.Status switch
    {
        412 => WriteOutcome.Conflict,
        404 when ex.ErrorCode != "TableNotFound" => WriteOutcome.NotFound,
        _ => null,
    };

    /// <summary>
    /// What the SDK throws when storage fails: a service error, the retry policy's AggregateException after network
    /// failures, or its network timeout (a cancellation the caller did not ask for).
    /// </summary>
    private static bool IsStorageFailure(Exception ex, CancellationToken ct) => ex switch
    {
        RequestFailedException or AggregateException => true,
        OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    private static TableStorageException Failure(TableClient table, string operation, Exception ex)
    {
        var service = ex as RequestFailedException ?? (ex as AggregateException)?.InnerExceptions.OfType<RequestFailedException>().LastOrDefault();
        var status = ex is RequestFailedException direct ? direct.Status : 0;
        var reason = service?.ErrorCode ?? (status == 0 ? "storage could not be reached" : "status " + status);
        return new TableStorageException(status, service?.ErrorCode, $"{operation} on table '{table.Name}' failed: {reason}.", ex);
    }

    private static string? Tag(ETag etag) => etag == default ? null : etag.ToString();

    private static string? Tag(ETag? etag) => etag is { } e ? Tag(e) : null;
}
