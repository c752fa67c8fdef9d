using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Conversation;

/// <summary>A message's dialog change is written against the dialog it read: a late or concurrent write never puts it back a step.</summary>
public sealed class DialogStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Worker = "oWorkerDialog00000000000001";
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task A_change_decided_on_a_step_that_has_since_moved_on_is_refused()
    {
        var store = Store();
        Assert.True(await store.SaveIfUnchangedAsync(Worker, DialogState.Start("complaint", "category", At), null, CancellationToken.None));
        var read = await store.GetAsync(Worker, CancellationToken.None);
        Assert.True(await store.SaveIfUnchangedAsync(Worker, read!.With("employer", "category", "欠薪") with { UpdatedAt = At.AddSeconds(1) }, read.ETag, CancellationToken.None));

        var stale = read.With("employer", "category", "工伤") with { UpdatedAt = At.AddSeconds(2) };
        Assert.False(await store.SaveIfUnchangedAsync(Worker, stale, read.ETag, CancellationToken.None));

        Assert.Equal("欠薪", (await store.GetAsync(Worker, CancellationToken.None))!["category"]);
    }

    [Fact]
    public async Task A_retried_write_that_meets_its_own_result_counts_as_saved()
    {
        var store = Store();
        await store.SaveIfUnchangedAsync(Worker, DialogState.Start("complaint", "category", At), null, CancellationToken.None);
        var read = await store.GetAsync(Worker, CancellationToken.None);
        var next = read!.With("employer", "category", "欠薪") with { UpdatedAt = At.AddSeconds(1) };

        Assert.True(await store.SaveIfUnchangedAsync(Worker, next, read.ETag, CancellationToken.None));
        Assert.True(await store.SaveIfUnchangedAsync(Worker, next, read.ETag, CancellationToken.None));
    }

    [Fact]
    public async Task A_dialog_started_by_another_message_meanwhile_is_not_overwritten()
    {
        var store = Store();
        Assert.True(await store.SaveIfUnchangedAsync(Worker, DialogState.Start("complaint", "category", At), null, CancellationToken.None));

        Assert.False(await store.SaveIfUnchangedAsync(Worker, DialogState.Start("aid", "type", At.AddSeconds(1)), null, CancellationToken.None));
        Assert.Equal("complaint", (await store.GetAsync(Worker, CancellationToken.None))!.Flow);
    }

    [Fact]
    public async Task Ending_a_dialog_that_another_message_changed_meanwhile_is_refused_and_ending_a_gone_one_is_fine()
    {
        var store = Store();
        await store.SaveIfUnchangedAsync(Worker, DialogState.Start("complaint", "category", At), null, CancellationToken.None);
        var read = await store.GetAsync(Worker, CancellationToken.None);
        await store.SaveIfUnchangedAsync(Worker, read!.With("employer", "category", "欠薪") with { UpdatedAt = At.AddSeconds(1) }, read.ETag, CancellationToken.None);

        Assert.False(await store.ClearIfUnchangedAsync(Worker, read.ETag, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(Worker, CancellationToken.None));

        var current = await store.GetAsync(Worker, CancellationToken.None);
        Assert.True(await store.ClearIfUnchangedAsync(Worker, current!.ETag, CancellationToken.None));
        Assert.True(await store.ClearIfUnchangedAsync(Worker, current.ETag, CancellationToken.None));
        Assert.Null(await store.GetAsync(Worker, CancellationToken.None));
    }

    private DialogStore Store()
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "d" + Guid.NewGuid().ToString("N")[..10] };
        return new DialogStore(new AppTables(new StorageClients(options), options));
    }
}
