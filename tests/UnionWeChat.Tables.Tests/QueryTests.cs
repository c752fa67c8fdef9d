using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class QueryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_query_follows_continuation_tokens_past_1000_entities_in_key_order()
    {
        var table = await azurite.NewTableAsync();
        var expected = await InsertAsync(table, "bulk", 1_200);

        var read = await table.QueryAsync(TableFilter.PartitionKeyEquals("bulk")).ToListAsync();

        Assert.Equal(expected, read.Select(e => e.RowKey));
        Assert.All(read, e => Assert.Equal("bulk", e.PartitionKey));
    }

    [Fact]
    public async Task Top_limits_the_total_across_pages()
    {
        var table = await azurite.NewTableAsync();
        var expected = await InsertAsync(table, "bulk", 1_200);

        var small = await table.QueryAsync(top: 5).ToListAsync();
        var large = await table.QueryAsync(top: 1_100).ToListAsync();

        Assert.Equal(expected.Take(5), small.Select(e => e.RowKey));
        Assert.Equal(expected.Take(1_100), large.Select(e => e.RowKey));
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("Keep", "yes").Set("Drop", "no").Set("Other", 1));

        var read = Assert.Single(await table.QueryAsync(select: ["Keep", "RowKey"]).ToListAsync());

        Assert.Equal("yes", read.GetString("Keep"));
        Assert.Equal("r", read.RowKey);
        Assert.False(read.ContainsKey("Drop"));
        Assert.False(read.ContainsKey("Other"));
    }

    [Fact]
    public async Task A_filter_value_with_a_quote_and_or_matches_only_itself()
    {
        var table = await azurite.NewTableAsync();
        const string Sneaky = "x' or PartitionKey ne '";
        await table.AddAsync(new TableEntity("p", "1").Set("Name", Sneaky));
        await table.AddAsync(new TableEntity("p", "2").Set("Name", "x"));
        await table.AddAsync(new TableEntity("q", "3").Set("Name", "someone else"));

        var matched = await table.QueryAsync(TableFilter.Create($"Name eq {Sneaky}")).ToListAsync();
        var byKey = await table.QueryAsync(TableFilter.PartitionKeyEquals("p' or RowKey ne '")).ToListAsync();

        Assert.Equal("1", Assert.Single(matched).RowKey);
        Assert.Empty(byKey);
    }

    [Fact]
    public async Task Combined_filters_and_key_ranges_select_the_right_entities()
    {
        var table = await azurite.NewTableAsync();
        foreach (var (pk, rk, status) in new[] { ("a", "1", "open"), ("b", "1", "open"), ("b", "2", "closed"), ("c", "1", "open") })
        {
            await table.AddAsync(new TableEntity(pk, rk).Set("Status", status));
        }

        var range = await table.QueryAsync(TableFilter.PartitionKeyRange("b", "c")).ToListAsync();
        var openInB = await table.QueryAsync(
            TableFilter.PartitionKeyEquals("b").And(TableFilter.Create($"Status eq {"open"}"))).ToListAsync();
        var aOrC = await table.QueryAsync(
            TableFilter.PartitionKeyEquals("a").Or(TableFilter.PartitionKeyEquals("c"))).ToListAsync();

        Assert.Equal(["1", "2"], range.Select(e => e.RowKey));
        Assert.Equal(("b", "1"), (Assert.Single(openInB).PartitionKey, openInB[0].RowKey));
        Assert.Equal(["a", "c"], aOrC.Select(e => e.PartitionKey));
    }

    [Fact]
    public async Task Queried_entities_carry_their_etag()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r"));

        var read = Assert.Single(await table.QueryAsync().ToListAsync());

        Assert.Equal(added.ETag, read.ETag);
    }

    [Fact]
    public async Task Querying_a_missing_table_throws_table_not_found()
    {
        var table = azurite.Service().GetTableClient(AzuriteFixture.UniqueTableName());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.QueryAsync().ToListAsync());

        Assert.Equal(404, ex.Status);
    }

    [Fact]
    public async Task Bad_query_arguments_throw_before_any_request()
    {
        var table = azurite.Service(RequestCounter.Attach(out var counter)).GetTableClient(AzuriteFixture.UniqueTableName());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.QueryAsync(top: 0).ToListAsync());
        await Assert.ThrowsAsync<TableEntityException>(() => table.QueryAsync(select: ["Name,Drop"]).ToListAsync());

        Assert.Equal(0, counter.Count);
    }

    /// <summary>Inserts <paramref name="count"/> entities in transactions of 100; returns the row keys in order.</summary>
    private static async Task<List<string>> InsertAsync(TableClient table, string partitionKey, int count)
    {
        var rowKeys = Enumerable.Range(0, count).Select(i => i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var chunk in rowKeys.Chunk(100))
        {
            var actions = chunk
                .Select(rk => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, rk).Set("N", rk)))
                .ToList();
            Assert.True((await table.SubmitTransactionAsync(actions)).Succeeded);
        }
        return rowKeys;
    }
}
