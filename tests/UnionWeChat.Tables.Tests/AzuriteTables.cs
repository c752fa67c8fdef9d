using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

internal static class AzuriteTables
{
    public static TableServiceClient Service(this AzuriteFixture azurite, TableClientOptions? options = null) =>
        TableServiceClient.FromConnectionString(azurite.ConnectionString, options);

    /// <summary>A new, empty table of its own.</summary>
    public static async Task<TableClient> NewTableAsync(this AzuriteFixture azurite, TableClientOptions? options = null)
    {
        var table = azurite.Service(options).GetTableClient(AzuriteFixture.UniqueTableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<List<TableEntity>> ToListAsync(this IAsyncEnumerable<TableEntity> entities)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in entities)
        {
            list.Add(entity);
        }
        return list;
    }
}
