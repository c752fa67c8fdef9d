using Azure.Identity;
using UnionWeChat.Tables;

namespace UnionWeChat.Functions.Storage;

/// <summary>The two Table service clients: one with normal retries, one that fits inside a WeChat reply.</summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options)
        : this(options, _ => { })
    {
    }

    /// <summary>For tests: <paramref name="adjust"/> sees both clients' options (e.g. to add a fault-injecting policy).</summary>
    internal StorageClients(StorageOptions options, Action<TableClientOptions> adjust)
    {
        var background = new TableClientOptions();
        var reply = TableClientOptions.CreateHotPath();
        adjust(background);
        adjust(reply);
        Background = Create(options, background);
        Reply = Create(options, reply);
    }

    public TableServiceClient Background { get; }

    public TableServiceClient Reply { get; }

    private static TableServiceClient Create(StorageOptions options, TableClientOptions clientOptions) =>
        string.IsNullOrWhiteSpace(options.TableEndpoint)
            ? TableServiceClient.FromConnectionString(options.ConnectionString, clientOptions)
            // Managed identity in Azure; DefaultAzureCredential also picks up a developer's az login.
            : new TableServiceClient(new Uri(options.TableEndpoint), new DefaultAzureCredential(), clientOptions);
}
