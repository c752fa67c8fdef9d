using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EntityOperationsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Creating_a_table_twice_is_not_an_error()
    {
        var table = await azurite.NewTableAsync();

        await table.CreateIfNotExistsAsync();

        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Added_entity_reads_back_with_its_etag_and_timestamp()
    {
        var table = await azurite.NewTableAsync();

        var added = await table.AddAsync(new TableEntity("p", "r").Set("Name", "张三"));
        var read = await table.GetAsync("p", "r");

        Assert.True(added.Added);
        Assert.False(string.IsNullOrEmpty(added.ETag));
        Assert.NotNull(read);
        Assert.Equal(("p", "r"), (read.PartitionKey, read.RowKey));
        Assert.Equal("张三", read.GetString("Name"));
        Assert.Equal(added.ETag, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Adding_an_existing_entity_reports_already_exists_and_keeps_the_first()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("Vote", "A"));

        var second = await table.AddAsync(new TableEntity("p", "r").Set("Vote", "B"));

        Assert.Equal(AddResult.AlreadyExists, second);
        Assert.Equal("A", (await table.GetAsync("p", "r"))!.GetString("Vote"));
    }

    [Fact]
    public async Task Missing_entity_reads_as_null()
    {
        var table = await azurite.NewTableAsync();

        Assert.Null(await table.GetAsync("p", "nobody"));
    }

    [Fact]
    public async Task Reading_from_a_table_that_does_not_exist_gives_null()
    {
        var table = azurite.Service().GetTableClient(AzuriteFixture.UniqueTableName());

        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Adding_to_a_table_that_does_not_exist_throws_table_not_found()
    {
        var table = azurite.Service().GetTableClient(AzuriteFixture.UniqueTableName());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.AddAsync(new TableEntity("p", "r")));

        Assert.Equal(404, ex.Status);
        Assert.Equal("TableNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Upsert_merge_keeps_properties_it_does_not_mention()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("A", 1).Set("B", 2));

        var etag = await table.UpsertAsync(new TableEntity("p", "r").Set("B", 20), UpsertMode.Merge);

        var read = (await table.GetAsync("p", "r"))!;
        Assert.Equal((1, 20), (read.GetInt32("A"), read.GetInt32("B")));
        Assert.Equal(read.ETag, etag);
    }

    [Fact]
    public async Task Upsert_replace_drops_properties_it_does_not_mention()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("A", 1).Set("B", 2));

        await table.UpsertAsync(new TableEntity("p", "r").Set("B", 20), UpsertMode.Replace);

        var read = (await table.GetAsync("p", "r"))!;
        Assert.False(read.ContainsKey("A"));
        Assert.Equal(20, read.GetInt32("B"));
    }

    [Fact]
    public async Task Upsert_creates_a_missing_entity()
    {
        var table = await azurite.NewTableAsync();

        await table.UpsertAsync(new TableEntity("p", "new").Set("A", 1));

        Assert.Equal(1, (await table.GetAsync("p", "new"))!.GetInt32("A"));
    }

    [Fact]
    public async Task Update_with_the_current_etag_succeeds_and_returns_the_new_etag()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r").Set("Status", "open"));

        var updated = await table.UpdateAsync(new TableEntity("p", "r").Set("Status", "closed"), added.ETag!);

        Assert.Equal(WriteOutcome.Succeeded, updated.Outcome);
        var read = (await table.GetAsync("p", "r"))!;
        Assert.Equal("closed", read.GetString("Status"));
        Assert.Equal(read.ETag, updated.ETag);
        Assert.NotEqual(added.ETag, updated.ETag);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_a_conflict_and_changes_nothing()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r").Set("Status", "open"));
        await table.UpdateAsync(new TableEntity("p", "r").Set("Status", "assigned"), added.ETag!);

        var stale = await table.UpdateAsync(new TableEntity("p", "r").Set("Status", "closed"), added.ETag!, UpsertMode.Merge);

        Assert.Equal(new WriteResult(WriteOutcome.Conflict, null), stale);
        Assert.Equal("assigned", (await table.GetAsync("p", "r"))!.GetString("Status"));
    }

    [Fact]
    public async Task Update_merge_with_star_keeps_other_properties()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "r").Set("A", "a").Set("B", "b"));

        var result = await table.UpdateAsync(new TableEntity("p", "r").Set("B", "bb"), "*", UpsertMode.Merge);

        Assert.True(result.Succeeded);
        var read = (await table.GetAsync("p", "r"))!;
        Assert.Equal(("a", "bb"), (read.GetString("A"), read.GetString("B")));
    }

    [Fact]
    public async Task Update_of_a_missing_entity_is_not_found_and_creates_nothing()
    {
        var table = await azurite.NewTableAsync();

        var result = await table.UpdateAsync(new TableEntity("p", "ghost").Set("A", 1), "*");

        Assert.Equal(WriteOutcome.NotFound, result.Outcome);
        Assert.Null(await table.GetAsync("p", "ghost"));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_removes_the_entity()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r"));

        var deleted = await table.DeleteAsync("p", "r", added.ETag!);

        Assert.Equal(WriteOutcome.Succeeded, deleted.Outcome);
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_is_a_conflict_and_keeps_the_entity()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r").Set("V", 1));
        await table.UpsertAsync(new TableEntity("p", "r").Set("V", 2));

        var result = await table.DeleteAsync("p", "r", added.ETag!);

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        Assert.Equal(2, (await table.GetAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Delete_of_a_missing_entity_is_not_found()
    {
        var table = await azurite.NewTableAsync();

        Assert.Equal(WriteOutcome.NotFound, (await table.DeleteAsync("p", "ghost")).Outcome);
    }

    [Fact]
    public async Task Delete_in_a_table_that_does_not_exist_throws()
    {
        var table = azurite.Service().GetTableClient(AzuriteFixture.UniqueTableName());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.DeleteAsync("p", "r"));

        Assert.Equal("TableNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task Ping_succeeds_against_running_storage()
    {
        await azurite.Service().PingAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("O'Brien", "it's")]
    [InlineData("with space", "a b  c")]
    [InlineData("工会", "维权投诉")]
    [InlineData("100%", "%25%")]
    [InlineData("''", "'")]
    [InlineData("a+b=c&d", "(x,y)")]
    public async Task Keys_with_quotes_spaces_chinese_and_percent_work_for_every_operation(string partitionKey, string rowKey)
    {
        var table = await azurite.NewTableAsync();

        var added = await table.AddAsync(new TableEntity(partitionKey, rowKey).Set("V", 1));
        var read = await table.GetAsync(partitionKey, rowKey);
        var updated = await table.UpdateAsync(new TableEntity(partitionKey, rowKey).Set("V", 2), added.ETag!);
        var queried = await table.QueryAsync(TableFilter.PartitionKeyEquals(partitionKey)).ToListAsync();
        var deleted = await table.DeleteAsync(partitionKey, rowKey, updated.ETag!);

        Assert.True(added.Added);
        Assert.Equal((partitionKey, rowKey), (read!.PartitionKey, read.RowKey));
        Assert.True(updated.Succeeded);
        Assert.Equal(rowKey, Assert.Single(queried).RowKey);
        Assert.True(deleted.Succeeded);
        Assert.Null(await table.GetAsync(partitionKey, rowKey));
    }
}
