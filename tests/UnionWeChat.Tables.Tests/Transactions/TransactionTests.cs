using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests.Transactions;

[Collection(AzuriteCollection.Name)]
public sealed class TransactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_action_type_applies_together_and_returns_etags_in_order()
    {
        var table = await azurite.NewTableAsync();
        var merged = await table.AddAsync(new TableEntity("p", "merge").Set("A", 1).Set("B", 1));
        var replaced = await table.AddAsync(new TableEntity("p", "replace").Set("A", 1).Set("B", 1));
        await table.AddAsync(new TableEntity("p", "upsert-merge").Set("A", 1));
        await table.AddAsync(new TableEntity("p", "delete"));

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add").Set("A", 1)),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge").Set("B", 2)),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace").Set("B", 2)),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge").Set("B", 2), merged.ETag),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ETag = replaced.ETag }.Set("B", 2)),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        Assert.True(result.Succeeded);
        Assert.Equal(6, result.ETags.Count);
        Assert.All(result.ETags.Take(5), etag => Assert.False(string.IsNullOrEmpty(etag)));
        Assert.Null(result.ETags[5]);
        Assert.Equal(result.ETags[0], (await table.GetAsync("p", "add"))!.ETag);
        var upsertMerge = (await table.GetAsync("p", "upsert-merge"))!;
        Assert.Equal((1, 2), (upsertMerge.GetInt32("A"), upsertMerge.GetInt32("B")));
        var merge = (await table.GetAsync("p", "merge"))!;
        Assert.Equal((1, 2), (merge.GetInt32("A"), merge.GetInt32("B")));
        var replace = (await table.GetAsync("p", "replace"))!;
        Assert.False(replace.ContainsKey("A"));
        Assert.Null(await table.GetAsync("p", "delete"));
    }

    [Fact]
    public async Task A_failing_add_rolls_back_the_whole_transaction_and_names_the_failing_action()
    {
        var table = await azurite.NewTableAsync();
        await table.AddAsync(new TableEntity("p", "taken").Set("Owner", "first"));

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "b")),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken").Set("Owner", "second")),
            new(TableTransactionActionType.Add, new TableEntity("p", "c")),
        ]);

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.FailedIndex);
        Assert.Equal(409, result.FailedStatus);
        Assert.Equal("EntityAlreadyExists", result.ErrorCode);
        Assert.Empty(result.ETags);
        Assert.Null(await table.GetAsync("p", "a"));
        Assert.Null(await table.GetAsync("p", "b"));
        Assert.Null(await table.GetAsync("p", "c"));
        Assert.Equal("first", (await table.GetAsync("p", "taken"))!.GetString("Owner"));
    }

    [Fact]
    public async Task A_stale_etag_fails_the_transaction_with_412()
    {
        var table = await azurite.NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r").Set("V", 1));
        await table.UpsertAsync(new TableEntity("p", "r").Set("V", 2));

        var result = await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r").Set("V", 3), added.ETag),
        ]);

        Assert.Equal((false, 1, 412), (result.Succeeded, result.FailedIndex, result.FailedStatus));
        Assert.Null(await table.GetAsync("p", "new"));
        Assert.Equal(2, (await table.GetAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Invalid_transactions_throw_before_sending_and_store_nothing()
    {
        var table = await azurite.NewTableAsync(RequestCounter.Attach(out var counter));
        var before = counter.Count;
        static TableTransactionAction Add(string pk, string rk) => new(TableTransactionActionType.Add, new TableEntity(pk, rk));

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            table.SubmitTransactionAsync(Enumerable.Range(0, 101).Select(i => Add("p", $"r{i}")).ToList()));
        var partitions = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([Add("p", "1"), Add("q", "2")]));
        var duplicate = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync([Add("p", "1"), Add("p", "1")]));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("p", "1"), "*")]));
        var badKey = await Assert.ThrowsAsync<TableEntityException>(() => table.SubmitTransactionAsync([Add("p", "1"), Add("p", "a/b")]));
        // 80 entities of 30,000 Chinese characters: each within its limits, together ~7 MB of UTF-8, over 4 MiB.
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitTransactionAsync(
            Enumerable.Range(0, 80).Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity("p", $"r{i}").Set("Text", new string('工', 30_000)))).ToList()));

        Assert.Contains("partition", partitions.Message, StringComparison.Ordinal);
        Assert.Contains("row key", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal("RowKey", badKey.PropertyName);
        Assert.Contains("action 1", badKey.Message, StringComparison.Ordinal);
        Assert.Equal(before, counter.Count);
        Assert.Empty(await table.QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task A_transaction_on_a_missing_table_throws()
    {
        var table = azurite.Service().GetTableClient(AzuriteFixture.UniqueTableName());

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.SubmitTransactionAsync(
            [new(TableTransactionActionType.Add, new TableEntity("p", "r"))]));

        Assert.Equal("TableNotFound", ex.ErrorCode);
    }
}
