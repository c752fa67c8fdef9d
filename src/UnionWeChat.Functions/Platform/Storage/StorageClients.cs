using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>
/// The storage service clients: two Table clients, one with normal retries for background work and one whose retries
/// fit inside WeChat's 5-second reply window, and the Blob client for evidence files.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options)
        : this(options, _ => { })
    {
    }

    /// <summary>For tests: <paramref name="adjust"/> sees both Table clients' options (e.g. to add a fault-injecting policy).</summary>
    internal StorageClients(StorageOptions options, Action<TableClientOptions> adjust)
    {
        var background = BackgroundOptions();
        var reply = ReplyOptions();
        adjust(background);
        adjust(reply);
        var credential = options.UsesManagedIdentity ? new DefaultAzureCredential() : null;
        Background = CreateTables(options, background, credential);
        Reply = CreateTables(options, reply, credential);
        Blobs = CreateBlobs(options, credential);
    }

    public TableServiceClient Background { get; }

    public TableServiceClient Reply { get; }

    public BlobServiceClient Blobs { get; }

    /// <summary>Up to 3 retries, exponential from 0.5 s to 8 s, 30 s per attempt (the service's own limit).</summary>
    internal static TableClientOptions BackgroundOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>
    /// For calls made while WeChat waits (5 s): at most 2 retries 50 ms then ≤ 200 ms apart, 1.5 s per attempt, and no
    /// waiting on a Retry-After longer than 200 ms. Three attempts that all time out take about 4.8 s; callers pass
    /// their own deadline as well.
    /// </summary>
    internal static TableClientOptions ReplyOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(1500);
        options.RetryPolicy = new BoundedRetryPolicy(
            options.Retry.MaxRetries,
            DelayStrategy.CreateExponentialDelayStrategy(options.Retry.Delay, options.Retry.MaxDelay),
            maxServerDelay: options.Retry.MaxDelay);
        return options;
    }

    private static TableServiceClient CreateTables(StorageOptions options, TableClientOptions clientOptions, TokenCredential? credential) =>
        credential is null
            ? new TableServiceClient(options.ConnectionString, clientOptions)
            // Managed identity in Azure; DefaultAzureCredential also picks up a developer's az login.
            : new TableServiceClient(new Uri(options.TableEndpoint!), credential, clientOptions);

    private static BlobServiceClient CreateBlobs(StorageOptions options, TokenCredential? credential)
    {
        var blobOptions = new BlobClientOptions();
        blobOptions.Retry.MaxRetries = 3;
        blobOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return credential is null
            ? new BlobServiceClient(options.ConnectionString, blobOptions)
            : new BlobServiceClient(new Uri(options.BlobEndpoint!), credential, blobOptions);
    }
}
