using System.Security.Cryptography;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Moves evidence kept by earlier versions, in table <c>evidence</c> as 60 KB binary pieces, into the evidence blob
/// container, and records each file on its case. Runs as a timer until the table is empty; then each run is one empty
/// query. A file's rows are deleted only after its blob has been read back with the same SHA-256, and the
/// description row last, so a run stopped half-way leaves either the rows or the blob and the record, never neither.
/// </summary>
public sealed partial class EvidenceMigration(AppTables tables, EvidenceBlobs blobs, EvidenceStore store, CaseStore cases, ILogger<EvidenceMigration> logger) : ITimerJob
{
    public const string LegacyTable = TableRegistry.LegacyEvidence;
    private const int PiecesPerRow = 12;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var table = await tables.OpenAsync(LegacyTable, cancellationToken);
        var items = new List<TableEntity>();
        await foreach (var row in table.QueryAsync(ct: cancellationToken))
        {
            if (row.RowKey.Length == 2)
            {
                items.Add(row);
            }
        }
        foreach (var item in items)
        {
            await MoveAsync(table, item, cancellationToken);
        }
    }

    private async Task MoveAsync(TableClient table, TableEntity item, CancellationToken ct)
    {
        var number = item.PartitionKey;
        var index = int.Parse(item.RowKey, System.Globalization.CultureInfo.InvariantCulture);
        var rows = item.GetInt32("Rows") ?? 0;
        var recorded = (await cases.GetAsync(number, ct))?.EvidenceFiles.FirstOrDefault(f => f.Index == index);
        if (recorded is null || !await blobs.ExistsAsync(recorded.Blob, ct))
        {
            var bytes = await AssembleAsync(table, number, item.RowKey, rows, item.GetInt32("Length") ?? 0, ct);
            if (bytes is null)
            {
                LogIncomplete(number, index);
                return;
            }
            var file = await blobs.UploadAsync(number, index, item.GetString("ContentType") ?? "application/octet-stream", bytes, item.Timestamp ?? DateTimeOffset.UnixEpoch, ct);
            var readBack = await blobs.DownloadAsync(file.Blob, ct);
            if (Convert.ToHexStringLower(SHA256.HashData(readBack)) != file.Sha256)
            {
                LogMismatch(number, index);
                return;
            }
            await store.RecordAsync(file, number, ct);
            recorded = file;
        }
        for (var r = 0; r < rows; r++)
        {
            await table.DeleteAsync(number, $"{item.RowKey}-{r:D3}", ct: ct);
        }
        await table.DeleteAsync(number, item.RowKey, ct: ct);
        LogMoved(number, index, recorded.Length);
    }

    /// <summary>The file's bytes from its piece rows, or null when a piece is missing or the length does not add up.</summary>
    private static async Task<byte[]?> AssembleAsync(TableClient table, string number, string item, int rows, int length, CancellationToken ct)
    {
        using var buffer = new MemoryStream(length);
        for (var r = 0; r < rows; r++)
        {
            var row = await table.GetAsync(number, $"{item}-{r:D3}", ct);
            if (row is null)
            {
                return null;
            }
            for (var p = 0; p < PiecesPerRow && row.GetBinary($"P{p:D2}") is { } piece; p++)
            {
                buffer.Write(piece);
            }
        }
        return buffer.Length == length ? buffer.ToArray() : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved evidence {Index} of case {CaseNumber} ({Length} bytes) into Blob Storage")]
    private partial void LogMoved(string caseNumber, int index, long length);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence {Index} of case {CaseNumber} is incomplete in table evidence; left in place")]
    private partial void LogIncomplete(string caseNumber, int index);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evidence {Index} of case {CaseNumber} read back with another SHA-256; its rows are kept")]
    private partial void LogMismatch(string caseNumber, int index);
}
