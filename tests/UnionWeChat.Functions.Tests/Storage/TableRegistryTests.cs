using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Storage;

/// <summary>The registry is the list an operator reads: every table once, each with an owner and its keys.</summary>
public sealed class TableRegistryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Every_table_is_listed_once_with_its_owner_and_keys()
    {
        Assert.Equal(TableRegistry.All.Count, TableRegistry.All.Select(t => t.Name).Distinct().Count());
        Assert.All(TableRegistry.All, t =>
        {
            Assert.Matches("^[a-z][a-z0-9]{2,}$", t.Name);
            Assert.False(string.IsNullOrWhiteSpace(t.Owner));
            Assert.False(string.IsNullOrWhiteSpace(t.PartitionKey));
            Assert.False(string.IsNullOrWhiteSpace(t.RowKey));
        });
    }

    [Fact]
    public async Task A_table_missing_from_the_registry_is_refused_before_it_is_created()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        var tables = app.Services.GetRequiredService<AppTables>();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => tables.OpenAsync("unlisted", CancellationToken.None));
        Assert.Contains("TableRegistry", refused.Message);
        var opened = await tables.OpenAsync(TableRegistry.Answers, CancellationToken.None);
        Assert.EndsWith(TableRegistry.Answers, opened.Name);
    }
}
