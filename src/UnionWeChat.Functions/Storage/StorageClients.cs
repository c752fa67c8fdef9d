using Azure.Identity;
using UnionWeChat.Tables;

namespace UnionWeChat.Functions.Storage;

/// <summary>The two Table service clients: one with normal retries, one that fits inside a WeChat reply.</summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options)
    {
        Background = Create(options, new TableClientOptions());
        Reply = Create(options, TableClientOptions.CreateHotPath());
    }

    public TableServiceClient Background { get; }

    public TableServiceClient Reply { get; }

    private static TableServiceClient Create(StorageOptions options, TableClientOptions clientOptions) =>
        string.IsNullOrWhiteSpace(options.TableEndpoint)
            ? TableServiceClient.FromConnectionString(options.ConnectionString, clientOptions)
            // Managed identity in Azure; DefaultAzureCredential also picks up a developer's az login.
            : new TableServiceClient(new Uri(options.TableEndpoint), new DefaultAzureCredential(), clientOptions);
}
