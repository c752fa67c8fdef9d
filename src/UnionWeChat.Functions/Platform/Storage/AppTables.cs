using System.Collections.Concurrent;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>
/// The app's tables by logical name, each listed in <see cref="TableRegistry"/>. Each table is created once per process on first use. Two clients per table:
/// <see cref="OpenAsync"/> for background work (normal retries) and <see cref="OpenForReplyAsync"/> for work that
/// must finish inside WeChat's 5-second reply window (few, short retries).
/// </summary>
public sealed class AppTables(StorageClients clients, StorageOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new();

    public Task<TableClient> OpenAsync(string name, CancellationToken ct = default) => OpenAsync(clients.Background, name, ct);

    public Task<TableClient> OpenForReplyAsync(string name, CancellationToken ct = default) => OpenAsync(clients.Reply, name, ct);

    /// <summary>
    /// Forgets which tables were created, so the next use creates them again: for when storage answers
    /// TableNotFound (an emulator restarted empty, or an operator deleted a table).
    /// </summary>
    public void ForgetCreatedTables() => _created.Clear();

    public static bool IsTableMissing(TableStorageException ex) => ex.IsTableMissing;

    private async Task<TableClient> OpenAsync(TableServiceClient service, string name, CancellationToken ct)
    {
        if (!TableRegistry.IsRegistered(name))
        {
            throw new InvalidOperationException($"Table '{name}' is not in the TableRegistry: add it there with its owner and keys.");
        }
        var fullName = options.TablePrefix + name;
        var client = service.GetTableClient(fullName);
        var creation = _created.GetOrAdd(fullName, _ => new Lazy<Task>(() => CreateAsync(fullName)));
        try
        {
            await creation.Value.WaitAsync(ct);
        }
        catch (TableStorageException)
        {
            // Storage was down when the table was first needed: forget the failure so the next call tries again.
            _created.TryRemove(fullName, out _);
            throw;
        }
        return client;
    }

    private async Task CreateAsync(string fullName)
    {
        try
        {
            await clients.Background.GetTableClient(fullName).CreateIfNotExistsAsync();
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or TaskCanceledException)
        {
            throw new TableStorageException(0, (ex as Azure.RequestFailedException)?.ErrorCode, $"Creating table '{fullName}' failed.", ex);
        }
    }
}
