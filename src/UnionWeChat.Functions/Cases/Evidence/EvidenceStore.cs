using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Evidence photos and voice, kept because WeChat deletes temporary media after 3 days. Each file is a blob
/// <c>{case number}/{index:D2}.{ext}</c> in the evidence container, and the case records its content type, size and
/// SHA-256 (<see cref="Case.EvidenceFiles"/>). A pending row per item in table <c>evidencequeue</c> lets the timer
/// retry what could not be fetched yet.
/// </summary>
public sealed class EvidenceStore(AppTables tables, EvidenceBlobs blobs, CaseStore cases, TimeProvider time)
{
    public const string QueueTable = TableRegistry.EvidenceQueue;
    public const string Actor = "system";

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

    /// <summary>
    /// Keeps one file: the blob first, then its record on the case, then the queue row goes. Safe to repeat at any
    /// point: the same bytes give the same blob and hash, and an index already recorded is not recorded again.
    /// </summary>
    public async Task<EvidenceFile> SaveAsync(string caseNumber, int index, string contentType, byte[] bytes, CancellationToken ct)
    {
        var file = await blobs.UploadAsync(caseNumber, index, contentType, bytes, time.GetUtcNow(), ct);
        await RecordAsync(file, caseNumber, ct);
        var queue = await tables.OpenAsync(QueueTable, ct);
        await queue.DeleteAsync("pending", $"{caseNumber}|{index:D2}", "*", ct);
        return file;
    }

    /// <summary>Puts a kept file on its case, with a line in the case's history; nothing when it is there already.</summary>
    internal async Task RecordAsync(EvidenceFile file, string caseNumber, CancellationToken ct)
    {
        await cases.ChangeAsync(caseNumber, c => c.EvidenceFiles.Any(f => f.Index == file.Index)
            ? null
            : (c with { EvidenceFiles = [.. c.EvidenceFiles, file] },
                new CaseEvent(file.KeptAt, Actor, "evidence-kept",
                    $"第{file.Index + 1}份证据已保存：{file.ContentType}，{file.Length} 字节，SHA-256 {file.Sha256}", VisibleToWorker: false)), ct);
    }

    /// <summary>Stops retrying an item WeChat no longer has (expired or invalid media id).</summary>
    public async Task ForgetAsync(string caseNumber, int index, CancellationToken ct)
    {
        var queue = await tables.OpenAsync(QueueTable, ct);
        await queue.DeleteAsync("pending", $"{caseNumber}|{index:D2}", "*", ct);
    }

    /// <summary>An item's bytes and content type, or null when it has not been kept (yet).</summary>
    public async Task<(string ContentType, byte[] Bytes)?> ReadAsync(string caseNumber, int index, CancellationToken ct)
    {
        var c = await cases.GetAsync(caseNumber, ct);
        if (c?.EvidenceFiles.FirstOrDefault(f => f.Index == index) is not { } file)
        {
            return null;
        }
        return (file.ContentType, await blobs.DownloadAsync(file.Blob, ct));
    }
}
