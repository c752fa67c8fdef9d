using UnionWeChat.Functions.Storage;
using UnionWeChat.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Evidence photos and voice kept in table <c>evidence</c>, because WeChat deletes temporary media after 3 days.
/// PK = case number; RK <c>{item:D2}</c> describes an item, <c>{item:D2}-{part:D3}</c> holds its bytes in pieces
/// (a binary property holds at most 64 KiB; an entity at most 1 MiB). A pending row per item in
/// <c>evidencequeue</c> lets the timer retry what could not be fetched yet.
/// </summary>
public sealed class EvidenceStore(AppTables tables)
{
    public const string TableName = "evidence";
    public const string QueueTable = "evidencequeue";
    private const int PieceBytes = 60_000;
    private const int PiecesPerRow = 12;

    public async Task QueueAsync(string caseNumber, IReadOnlyList<string> items, CancellationToken ct)
    {
        var queue = await tables.OpenAsync(QueueTable, ct);
        for (var i = 0; i < items.Count; i++)
        {
            await queue.AddAsync(new TableEntity("pending", $"{caseNumber}|{i:D2}") { ["Item"] = items[i] }, ct);
        }
    }

    public async IAsyncEnumerable<(string CaseNumber, int Index, string Item)> PendingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var queue = await tables.OpenAsync(QueueTable, ct);
        await foreach (var row in queue.QueryAsync(TableFilter.PartitionKeyEquals("pending"), ct: ct))
        {
            var bar = row.RowKey.LastIndexOf('|');
            yield return (row.RowKey[..bar], int.Parse(row.RowKey[(bar + 1)..], System.Globalization.CultureInfo.InvariantCulture), row.GetString("Item") ?? "");
        }
    }

    public async Task SaveAsync(string caseNumber, int index, string contentType, byte[] bytes, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var rows = 0;
        for (var offset = 0; offset < bytes.Length; offset += PieceBytes * PiecesPerRow, rows++)
        {
            var row = new TableEntity(caseNumber, $"{index:D2}-{rows:D3}");
            for (var p = 0; p < PiecesPerRow && offset + p * PieceBytes < bytes.Length; p++)
            {
                var start = offset + p * PieceBytes;
                row[$"P{p:D2}"] = bytes[start..Math.Min(start + PieceBytes, bytes.Length)];
            }
            await table.UpsertAsync(row, UpsertMode.Replace, ct);
        }
        await table.UpsertAsync(new TableEntity(caseNumber, $"{index:D2}")
        {
            ["ContentType"] = contentType,
            ["Length"] = bytes.Length,
            ["Rows"] = rows,
        }, UpsertMode.Replace, ct);
        var queue = await tables.OpenAsync(QueueTable, ct);
        await queue.DeleteAsync("pending", $"{caseNumber}|{index:D2}", "*", ct);
    }

    /// <summary>Stops retrying an item WeChat no longer has (expired or invalid media id).</summary>
    public async Task ForgetAsync(string caseNumber, int index, CancellationToken ct)
    {
        var queue = await tables.OpenAsync(QueueTable, ct);
        await queue.DeleteAsync("pending", $"{caseNumber}|{index:D2}", "*", ct);
    }

    /// <summary>An item's bytes and content type, or null when it has not been fetched (yet).</summary>
    public async Task<(string ContentType, byte[] Bytes)?> ReadAsync(string caseNumber, int index, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var meta = await table.GetAsync(caseNumber, $"{index:D2}", ct);
        if (meta is null)
        {
            return null;
        }
        using var buffer = new MemoryStream(meta.GetInt32("Length") ?? 0);
        for (var r = 0; r < (meta.GetInt32("Rows") ?? 0); r++)
        {
            var row = await table.GetAsync(caseNumber, $"{index:D2}-{r:D3}", ct) ?? throw new InvalidDataException($"evidence {caseNumber}/{index} is missing a piece");
            for (var p = 0; p < PiecesPerRow && row.GetBinary($"P{p:D2}") is { } piece; p++)
            {
                buffer.Write(piece);
            }
        }
        return (meta.GetString("ContentType") ?? "application/octet-stream", buffer.ToArray());
    }
}
