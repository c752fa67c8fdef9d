using System.Globalization;
using System.Text;
using UnionWeChat.Tables.Pipeline;
using UnionWeChat.Tables.Serialization;

namespace UnionWeChat.Tables.Transactions;

/// <summary>
/// Checks a transaction against the service's rules and writes it as an OData <c>$batch</c> with one change set
/// (https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions):
/// at most 100 operations, one partition key, each entity once, at most 4 MiB.
/// </summary>
internal static class TransactionRequestWriter
{
    public const int MaxActions = 100;
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    public readonly record struct Batch(string ContentType, byte[] Body);

    public static Batch Write(TableRequestSender sender, string tableName, IReadOnlyList<TableTransactionAction> actions)
    {
        Check(actions);
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        Ascii(body, $"--{batchBoundary}\r\nContent-Type: multipart/mixed; boundary={changesetBoundary}\r\n\r\n");
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var (method, path) = action.Type == TableTransactionActionType.Add
                ? ("POST", tableName)
                : (MethodOf(action.Type), EntityPath.For(tableName, entity.PartitionKey, entity.RowKey));
            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"--{changesetBoundary}\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append(CultureInfo.InvariantCulture, $"{method} {sender.AbsoluteUrl(path)} HTTP/1.1\r\n")
                .Append(CultureInfo.InvariantCulture, $"Accept: {TableRequestSender.JsonMinimalMetadata}\r\n")
                .Append("DataServiceVersion: 3.0;\r\n");
            if (IfMatchOf(action) is { } ifMatch)
            {
                head.Append(CultureInfo.InvariantCulture, $"If-Match: {ifMatch}\r\n");
            }
            if (action.Type == TableTransactionActionType.Delete)
            {
                Ascii(body, head.Append("\r\n").ToString());
                continue;
            }
            head.Append("Content-Type: application/json\r\nPrefer: return-no-content\r\n\r\n");
            Ascii(body, head.ToString());
            body.Write(EntityJsonWriter.Write(entity));
            Ascii(body, "\r\n");
        }
        Ascii(body, $"--{changesetBoundary}--\r\n--{batchBoundary}--\r\n");
        if (body.Length > MaxPayloadBytes)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "The transaction is {0} bytes; the Table service accepts at most {1} (4 MiB).", body.Length, MaxPayloadBytes),
                nameof(actions));
        }
        return new Batch($"multipart/mixed; boundary={batchBoundary}", body.ToArray());
    }

    private static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count is 0 or > MaxActions)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                "A transaction holds 1 to {0} actions; this one has {1}.", MaxActions, actions.Count), nameof(actions));
        }
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        string? partitionKey = null;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Transaction action {i} is null.", nameof(actions));
            if (action.Entity is null || !Enum.IsDefined(action.Type))
            {
                throw new ArgumentException($"Transaction action {i} has no entity or an unknown type.", nameof(actions));
            }
            try
            {
                if (action.Type == TableTransactionActionType.Delete)
                {
                    EntityLimits.CheckKey("PartitionKey", action.Entity.PartitionKey);
                    EntityLimits.CheckKey("RowKey", action.Entity.RowKey);
                }
                else
                {
                    EntityLimits.CheckEntity(action.Entity);
                }
            }
            catch (TableEntityException ex)
            {
                throw new TableEntityException(ex.PropertyName, $"Transaction action {i}: {ex.Message}");
            }
            partitionKey ??= action.Entity.PartitionKey;
            if (!string.Equals(partitionKey, action.Entity.PartitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Transaction action {i} has a different partition key from action 0; a transaction covers one partition.",
                    nameof(actions));
            }
            if (!rowKeys.Add(action.Entity.RowKey))
            {
                throw new ArgumentException(
                    $"Transaction action {i} repeats a row key; a transaction may touch each entity once.", nameof(actions));
            }
            if (action.IfMatch is not null && !TakesIfMatch(action.Type))
            {
                throw new ArgumentException(
                    $"Transaction action {i} ({action.Type}) cannot have an If-Match; only updates and deletes are conditional.",
                    nameof(actions));
            }
            if (action.IfMatch is { Length: 0 })
            {
                throw new ArgumentException($"Transaction action {i} has an empty If-Match.", nameof(actions));
            }
        }
    }

    private static bool TakesIfMatch(TableTransactionActionType type) => type is TableTransactionActionType.UpdateMerge
        or TableTransactionActionType.UpdateReplace or TableTransactionActionType.Delete;

    private static string? IfMatchOf(TableTransactionAction action) =>
        TakesIfMatch(action.Type) ? action.IfMatch ?? action.Entity.ETag ?? "*" : null;

    private static string MethodOf(TableTransactionActionType type) => type switch
    {
        TableTransactionActionType.UpsertMerge or TableTransactionActionType.UpdateMerge => "MERGE",
        TableTransactionActionType.UpsertReplace or TableTransactionActionType.UpdateReplace => "PUT",
        TableTransactionActionType.Delete => "DELETE",
        _ => "POST",
    };

    private static void Ascii(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
