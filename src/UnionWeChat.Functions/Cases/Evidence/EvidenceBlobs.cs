using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using UnionWeChat.Functions.Platform.Storage;

namespace UnionWeChat.Functions.Cases;

/// <summary>The evidence container: one folder per case, the hash on each blob too, created on first use.</summary>
public sealed class EvidenceBlobs(StorageClients clients, StorageOptions options)
{
    private Task<BlobContainerClient>? _ready;

    public async Task<EvidenceFile> UploadAsync(string caseNumber, int index, string contentType, byte[] bytes, DateTimeOffset at, CancellationToken ct)
    {
        var name = $"{caseNumber}/{index:D2}.{Extension(contentType)}";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var blob = (await ContainerAsync()).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
        }, ct);
        return new EvidenceFile(index, name, contentType, bytes.LongLength, sha256, at);
    }

    public async Task<byte[]> DownloadAsync(string name, CancellationToken ct)
    {
        var content = await (await ContainerAsync()).GetBlobClient(name).DownloadContentAsync(ct);
        return content.Value.Content.ToArray();
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken ct) =>
        await (await ContainerAsync()).GetBlobClient(name).ExistsAsync(ct);

    private async Task<BlobContainerClient> ContainerAsync()
    {
        var ready = _ready ??= CreateAsync();
        try
        {
            return await ready;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or OperationCanceledException)
        {
            // Storage was down on first use: forget the failure so the next call tries again.
            _ = Interlocked.CompareExchange(ref _ready, null, ready);
            throw;
        }
    }

    private async Task<BlobContainerClient> CreateAsync()
    {
        var container = clients.Blobs.GetBlobContainerClient(options.EvidenceContainer);
        // Private: files are served only through the console, to staff who may read the case.
        await container.CreateIfNotExistsAsync(PublicAccessType.None);
        return container;
    }

    private static string Extension(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" or "image/jpg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/amr" => "amr",
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/speex" or "audio/x-speex" => "speex",
        "video/mp4" => "mp4",
        _ => "bin",
    };
}
