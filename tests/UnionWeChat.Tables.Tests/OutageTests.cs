using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

/// <summary>Runs its own Azurite (stopped and started again), so it stays out of the shared collection.</summary>
public sealed class OutageTests
{
    [Fact]
    public async Task A_storage_outage_and_recovery_is_seen_by_ping_without_a_new_client()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var service = TableServiceClient.FromConnectionString(azurite.ConnectionString, TableClientOptions.CreateHotPath());
        await service.PingAsync(CancellationToken.None);

        await azurite.StopAsync();
        var down = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));
        await azurite.StartAsync();

        Assert.Equal(0, down.Status);
        await service.PingAsync(CancellationToken.None);
    }
}
