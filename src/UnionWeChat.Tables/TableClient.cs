using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using UnionWeChat.Tables.Pipeline;
using UnionWeChat.Tables.Serialization;
using UnionWeChat.Tables.Transactions;

namespace UnionWeChat.Tables;

/// <summary>
/// One table: point reads, insert-if-absent, upserts, ETag-conditional updates and deletes, streamed queries and
/// entity-group transactions. Expected outcomes (already exists, conflict, not found) are results; anything else
/// throws <see cref="TableStorageException"/>. Entities are checked against the service's limits before sending
/// (<see cref="TableEntityException"/>). Thread-safe.
/// </summary>
public sealed class TableClient
{
    private static readonly RequestMethod Merge = new("MERGE");
    private readonly TableRequestSender _sender;

    internal TableClient(TableRequestSender sender, string name)
    {
        _sender = sender;
        Name = name;
    }

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>Creates the table; does nothing if it exists already.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken ct = default)
    {
        using var message = _sender.CreateMessage(RequestMethod.Post, "Tables");
        TableRequestSender.SetJsonBody(message, EntityJsonWriter.WriteTableName(Name));
        var response = await _sender.SendAsync(message, Operation("Create table"), ct).ConfigureAwait(false);
        if (response.Status is 201 or 204)
        {
            return;
        }
        var error = ServiceError.From(response);
        if (response.Status == 409 && error.Code is null or "TableAlreadyExists")
        {
            return;
        }
        throw TableRequestSender.Failure(response, error, Operation("Create table"));
    }

    /// <summary>Reads one entity by its keys; null when it does not exist, or when the table does not exist.</summary>
    /// <exception cref="TableEntityException">A key is longer than 512 characters or has a character keys may not hold.</exception>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken ct = default)
    {
        EntityLimits.CheckKey("PartitionKey", partitionKey);
        EntityLimits.CheckKey("RowKey", rowKey);
        using var message = _sender.CreateMessage(RequestMethod.Get, EntityPath.For(Name, partitionKey, rowKey));
        var response = await _sender.SendAsync(message, Operation("Get"), ct).ConfigureAwait(false);
        switch (response.Status)
        {
            case 200:
                var entity = TableRequestSender.Read(response, Operation("Get"), EntityJsonReader.ReadEntity);
                entity.ETag ??= TableRequestSender.ETagOf(response);
                return entity;
            case 404:
                return null;
            default:
                throw TableRequestSender.Failure(response, Operation("Get"));
        }
    }

    /// <summary>
    /// Inserts the entity if no entity has its keys. An existing entity is not an error: the result says
    /// <see cref="AddResult.AlreadyExists"/> (HTTP 409, read from the response, no exception involved).
    /// </summary>
    public async Task<AddResult> AddAsync(TableEntity entity, CancellationToken ct = default)
    {
        EntityLimits.CheckEntity(entity);
        using var message = _sender.CreateMessage(RequestMethod.Post, Name);
        TableRequestSender.SetJsonBody(message, EntityJsonWriter.Write(entity));
        var response = await _sender.SendAsync(message, Operation("Add"), ct).ConfigureAwait(false);
        if (response.Status is 201 or 204)
        {
            return new AddResult(true, TableRequestSender.ETagOf(response));
        }
        var error = ServiceError.From(response);
        if (response.Status == 409 && error.Code is null or "EntityAlreadyExists")
        {
            return AddResult.AlreadyExists;
        }
        throw TableRequestSender.Failure(response, error, Operation("Add"));
    }

    /// <summary>Inserts the entity, or merges into / replaces the existing one. Returns the new ETag.</summary>
    public async Task<string> UpsertAsync(TableEntity entity, UpsertMode mode = UpsertMode.Merge, CancellationToken ct = default)
    {
        EntityLimits.CheckEntity(entity);
        using var message = _sender.CreateMessage(MethodFor(mode), EntityPath.For(Name, entity.PartitionKey, entity.RowKey));
        TableRequestSender.SetJsonBody(message, EntityJsonWriter.Write(entity));
        var response = await _sender.SendAsync(message, Operation("Upsert"), ct).ConfigureAwait(false);
        return response.Status is 204 or 200 or 201
            ? TableRequestSender.ETagOf(response) ?? ""
            : throw TableRequestSender.Failure(response, Operation("Upsert"));
    }

    /// <summary>
    /// Replaces (or merges into) an existing entity if it still has the ETag <paramref name="ifMatch"/> ("*" for any).
    /// A changed entity gives <see cref="WriteOutcome.Conflict"/> (412), a missing one <see cref="WriteOutcome.NotFound"/>.
    /// </summary>
    /// <exception cref="TableStorageException">The table does not exist, or another unexpected failure.</exception>
    public async Task<WriteResult> UpdateAsync(
        TableEntity entity, string ifMatch, UpsertMode mode = UpsertMode.Replace, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        EntityLimits.CheckEntity(entity);
        using var message = _sender.CreateMessage(MethodFor(mode), EntityPath.For(Name, entity.PartitionKey, entity.RowKey));
        message.Request.Headers.Add("If-Match", ifMatch);
        TableRequestSender.SetJsonBody(message, EntityJsonWriter.Write(entity));
        var response = await _sender.SendAsync(message, Operation("Update"), ct).ConfigureAwait(false);
        return ConditionalOutcome(response, Operation("Update"));
    }

    /// <summary>
    /// Deletes an entity if it still has the ETag <paramref name="ifMatch"/> (default "*": whatever its ETag).
    /// A changed entity gives <see cref="WriteOutcome.Conflict"/> (412), a missing one <see cref="WriteOutcome.NotFound"/>.
    /// </summary>
    /// <exception cref="TableStorageException">The table does not exist, or another unexpected failure.</exception>
    public async Task<WriteResult> DeleteAsync(string partitionKey, string rowKey, string ifMatch = "*", CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        EntityLimits.CheckKey("PartitionKey", partitionKey);
        EntityLimits.CheckKey("RowKey", rowKey);
        using var message = _sender.CreateMessage(RequestMethod.Delete, EntityPath.For(Name, partitionKey, rowKey));
        message.Request.Headers.Add("If-Match", ifMatch);
        var response = await _sender.SendAsync(message, Operation("Delete"), ct).ConfigureAwait(false);
        return ConditionalOutcome(response, Operation("Delete"));
    }

    /// <summary>
    /// Streams the entities matching <paramref name="filter"/> in key order, following continuation tokens
    /// (the service returns at most 1,000 entities and 5 s of work per page).
    /// </summary>
    /// <param name="filter">Which entities; null for all. Build it with <see cref="TableFilter.Create"/>.</param>
    /// <param name="select">Which properties to return; null for all.</param>
    /// <param name="top">The most entities to return overall (also the page size, up to 1,000); null for no limit.</param>
    /// <param name="ct">Cancels the query between and during pages.</param>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        TableFilter? filter = null,
        IEnumerable<string>? select = null,
        int? top = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (top is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(top), "top must be at least 1.");
        }
        var selectText = SelectText(select);
        var returned = 0;
        Continuation? next = null;
        do
        {
            var pageSize = top is { } max ? Math.Min(max - returned, 1000) : (int?)null;
            var (entities, continuation) = await QueryPageAsync(filter, selectText, pageSize, next, ct).ConfigureAwait(false);
            foreach (var entity in entities)
            {
                yield return entity;
                if (++returned == top)
                {
                    yield break;
                }
            }
            next = continuation;
        }
        while (next is not null);
    }

    /// <summary>
    /// Applies up to 100 operations on one partition atomically (an entity-group transaction). If any operation fails,
    /// none is applied and the result names the failing operation; that is a result, not an exception.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, more than 100 actions, more than one partition key, a row key twice,
    /// an If-Match on an add or upsert, a payload over 4 MiB, or an entity over the limits — checked before sending.</exception>
    /// <exception cref="TableStorageException">The table does not exist, or another unexpected failure.</exception>
    public async Task<TransactionResult> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions, CancellationToken ct = default)
    {
        var batch = TransactionRequestWriter.Write(_sender, Name, actions);
        using var message = _sender.CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.Add("Content-Type", batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await _sender.SendAsync(message, Operation("Transaction"), ct).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw TableRequestSender.Failure(response, Operation("Transaction"));
        }
        var result = TableRequestSender.Read(response, Operation("Transaction"), _ => TransactionResponseReader.Read(response, actions.Count));
        if (result.ErrorCode == "TableNotFound")
        {
            throw new TableStorageException(result.FailedStatus ?? 404, result.ErrorCode,
                Operation("Transaction") + " failed: the table does not exist.");
        }
        return result;
    }

    private async Task<(List<TableEntity> Entities, Continuation? Next)> QueryPageAsync(
        TableFilter? filter, string? select, int? pageSize, Continuation? continuation, CancellationToken ct)
    {
        using var message = _sender.CreateMessage(RequestMethod.Get, Name + "()");
        var uri = message.Request.Uri;
        if (filter is not null)
        {
            uri.AppendQuery("$filter", filter.ToString());
        }
        if (select is not null)
        {
            uri.AppendQuery("$select", select);
        }
        if (pageSize is { } size)
        {
            uri.AppendQuery("$top", size.ToString(CultureInfo.InvariantCulture));
        }
        if (continuation is { } c)
        {
            uri.AppendQuery("NextPartitionKey", c.PartitionKey);
            if (c.RowKey is not null)
            {
                uri.AppendQuery("NextRowKey", c.RowKey);
            }
        }
        var response = await _sender.SendAsync(message, Operation("Query"), ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw TableRequestSender.Failure(response, Operation("Query"));
        }
        var entities = TableRequestSender.Read(response, Operation("Query"), EntityJsonReader.ReadEntities);
        response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var nextPartition);
        response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nextRow);
        return (entities, nextPartition is null ? null : new Continuation(nextPartition, nextRow));
    }

    private static string? SelectText(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }
        var names = select.ToList();
        foreach (var name in names)
        {
            EntityLimits.CheckSelectName(name);
        }
        return names.Count == 0 ? null : string.Join(',', names);
    }

    private static WriteResult ConditionalOutcome(Response response, string operation)
    {
        switch (response.Status)
        {
            case 204 or 200:
                return new WriteResult(WriteOutcome.Succeeded, TableRequestSender.ETagOf(response));
            case 412:
                return new WriteResult(WriteOutcome.Conflict, null);
            case 404:
                var error = ServiceError.From(response);
                return error.Code == "TableNotFound"
                    ? throw TableRequestSender.Failure(response, error, operation)
                    : new WriteResult(WriteOutcome.NotFound, null);
            default:
                throw TableRequestSender.Failure(response, operation);
        }
    }

    private static RequestMethod MethodFor(UpsertMode mode) => mode switch
    {
        UpsertMode.Merge => Merge,
        UpsertMode.Replace => RequestMethod.Put,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private string Operation(string verb) => $"{verb} on table '{Name}'";

    private sealed record Continuation(string PartitionKey, string? RowKey);
}
