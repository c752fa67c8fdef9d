using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Storage;

/// <summary>
/// The one wrapping of Azure.Data.Tables the stores rely on, against a real Azurite: insert-if-absent, ETags,
/// missing rows and tables, guarded transactions, escaped filters, paging, and storage that cannot be reached.
/// </summary>
public sealed class TableClientExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_second_insert_of_the_same_keys_is_already_exists_and_keeps_the_first()
    {
        var table = await NewTableAsync();

        var first = await table.AddAsync(new TableEntity("p", "r") { ["Who"] = "first" });
        var second = await table.AddAsync(new TableEntity("p", "r") { ["Who"] = "second" });

        Assert.True(first.Added);
        Assert.NotNull(first.ETag);
        Assert.Equal(AddResult.AlreadyExists, second);
        Assert.Equal("first", (await table.GetAsync("p", "r"))!.GetString("Who"));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_a_conflict_and_changes_nothing()
    {
        var table = await NewTableAsync();
        var added = await table.AddAsync(new TableEntity("p", "r") { ["N"] = 1 });
        var fresh = await table.UpdateAsync(new TableEntity("p", "r") { ["N"] = 2 }, added.ETag!);

        var stale = await table.UpdateAsync(new TableEntity("p", "r") { ["N"] = 3 }, added.ETag!);
        var staleDelete = await table.DeleteAsync("p", "r", added.ETag!);

        Assert.True(fresh.Succeeded);
        Assert.Equal(WriteOutcome.Conflict, stale.Outcome);
        Assert.Equal(WriteOutcome.Conflict, staleDelete.Outcome);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal(2, stored!.GetInt32("N"));
        Assert.Equal(fresh.ETag, stored.ETagText());
    }

    [Fact]
    public async Task Missing_rows_are_results_and_a_missing_table_is_an_exception_on_writes()
    {
        var table = await NewTableAsync();
        var missingTable = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniqueTableName("gone"));

        Assert.Null(await table.GetAsync("p", "nobody"));
        Assert.Equal(WriteOutcome.NotFound, (await table.UpdateAsync(new TableEntity("p", "nobody"), "*")).Outcome);
        Assert.Equal(WriteOutcome.NotFound, (await table.DeleteAsync("p", "nobody")).Outcome);
        Assert.Null(await missingTable.GetAsync("p", "r"));
        var ex = await Assert.ThrowsAsync<TableStorageException>(() => missingTable.UpdateAsync(new TableEntity("p", "r"), "*"));
        Assert.True(ex.IsTableMissing);
    }

    [Fact]
    public async Task A_failed_transaction_names_the_action_and_applies_none()
    {
        var table = await NewTableAsync();
        await table.AddAsync(new TableEntity("p", "taken"));

        var result = await table.SubmitAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "taken")),
        ]);

        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FailedIndex);
        Assert.Equal(409, result.FailedStatus);
        Assert.Null(await table.GetAsync("p", "new"));
    }

    [Fact]
    public async Task A_transaction_over_100_actions_or_across_partitions_is_refused_before_anything_is_sent()
    {
        var table = await NewTableAsync();
        var tooMany = Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:D3}")))
            .ToList();
        List<TableTransactionAction> twoPartitions =
        [
            new(TableTransactionActionType.Add, new TableEntity("a", "r")),
            new(TableTransactionActionType.Add, new TableEntity("b", "r")),
        ];

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitAsync(twoPartitions));
        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitAsync([]));
        var nothing = new List<TableEntity>();
        await foreach (var e in table.QueryAsync())
        {
            nothing.Add(e);
        }
        Assert.Empty(nothing);
        Assert.True((await table.SubmitAsync(tooMany.Take(100).ToList())).Succeeded);
    }

    [Fact]
    public async Task A_value_with_quotes_cannot_widen_a_filter()
    {
        var table = await NewTableAsync();
        await table.AddAsync(new TableEntity("p", "a") { ["Owner"] = "alice" });
        await table.AddAsync(new TableEntity("p", "b") { ["Owner"] = "bob" });

        var hostile = "x' or Owner ne 'x";
        var found = new List<string>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"Owner eq {hostile}")))
        {
            found.Add(e.RowKey);
        }
        var alice = new List<string>();
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals("p").And(TableFilter.Create($"Owner eq {"alice"}"))))
        {
            alice.Add(e.RowKey);
        }

        Assert.Empty(found);
        Assert.Equal(["a"], alice);
        Assert.Throws<ArgumentNullException>(() => TableFilter.Create($"Owner eq {(string?)null}"));
    }

    [Fact]
    public async Task A_query_follows_pages_past_1000_rows_and_stops_at_top()
    {
        var table = await NewTableAsync();
        for (var batch = 0; batch < 11; batch++)
        {
            var actions = Enumerable.Range(0, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{batch:D2}{i:D3}")))
                .ToList();
            Assert.True((await table.SubmitAsync(actions)).Succeeded);
        }

        var all = 0;
        await foreach (var _ in table.QueryAsync(select: ["RowKey"]))
        {
            all++;
        }
        var few = 0;
        await foreach (var _ in table.QueryAsync(top: 7))
        {
            few++;
        }

        Assert.Equal(1100, all);
        Assert.Equal(7, few);
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_is_a_storage_exception_with_status_0()
    {
        var options = new StorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};TableEndpoint=http://127.0.0.1:{FreePort.Next()}/{AzuriteProcess.AccountName};",
        };
        var table = new StorageClients(options).Reply.GetTableClient("nowhere");

        var get = await Assert.ThrowsAsync<TableStorageException>(() => table.GetAsync("p", "r"));
        var add = await Assert.ThrowsAsync<TableStorageException>(() => table.AddAsync(new TableEntity("p", "r")));

        Assert.Equal(0, get.Status);
        Assert.Equal(0, add.Status);
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniqueTableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
