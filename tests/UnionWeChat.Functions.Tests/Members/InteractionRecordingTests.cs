using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.Members;

/// <summary>
/// The customer-service window is recorded on the member row; a burst of messages (a dialog) writes it once, and
/// anything the window rules depend on (kind, custom messages sent since, time) still gets written.
/// </summary>
public sealed class InteractionRecordingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Worker = "oWorkerWindow00000000000001";
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_first_message_from_someone_unknown_makes_them_a_following_member()
    {
        var store = Store();
        var recorded = await store.RecordInteractionAsync(null, Worker, InteractionKind.UserMessage, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.True(stored.Following);
        Assert.Equal(_time.GetUtcNow(), stored.LastInteractionAt);
        Assert.Equal(InteractionKind.UserMessage, stored.LastInteractionKind);
        Assert.Equal(stored.LastInteractionAt, recorded.LastInteractionAt);
        Assert.True(recorded.Following);
    }

    [Fact]
    public async Task A_message_soon_after_another_is_not_written_again()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.UserMessage, CancellationToken.None);
        var first = await store.GetAsync(Worker, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(1));
        var recorded = await store.RecordInteractionAsync(first, Worker, InteractionKind.UserMessage, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(first!.ETag, stored!.ETag);
        Assert.Equal(first.LastInteractionAt, stored.LastInteractionAt);
        Assert.Same(first, recorded);
    }

    [Fact]
    public async Task A_message_after_the_refresh_interval_moves_the_window()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.UserMessage, CancellationToken.None);
        var first = await store.GetAsync(Worker, CancellationToken.None);

        _time.Advance(MemberStore.InteractionRefresh);
        await store.RecordInteractionAsync(first, Worker, InteractionKind.UserMessage, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(_time.GetUtcNow(), stored!.LastInteractionAt);
    }

    [Fact]
    public async Task A_message_after_custom_messages_were_sent_gives_the_full_allowance_back()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.UserMessage, CancellationToken.None);
        await store.CountCustomSentAsync(Worker, CancellationToken.None);
        var afterSend = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(1, afterSend!.CustomSentSinceInteraction);

        _time.Advance(TimeSpan.FromSeconds(10));
        await store.RecordInteractionAsync(afterSend, Worker, InteractionKind.UserMessage, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(0, stored!.CustomSentSinceInteraction);
        Assert.Equal(_time.GetUtcNow(), stored.LastInteractionAt);
    }

    [Fact]
    public async Task Every_menu_tap_is_written_because_its_window_lasts_a_minute()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.MenuClick, CancellationToken.None);
        var first = await store.GetAsync(Worker, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(10));
        await store.RecordInteractionAsync(first, Worker, InteractionKind.MenuClick, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(_time.GetUtcNow(), stored!.LastInteractionAt);
    }

    [Fact]
    public async Task A_message_right_after_a_menu_tap_is_written_as_a_message()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.MenuClick, CancellationToken.None);
        var tapped = await store.GetAsync(Worker, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        await store.RecordInteractionAsync(tapped, Worker, InteractionKind.UserMessage, CancellationToken.None);

        var stored = await store.GetAsync(Worker, CancellationToken.None);
        Assert.Equal(InteractionKind.UserMessage, stored!.LastInteractionKind);
        Assert.Equal(_time.GetUtcNow(), stored.LastInteractionAt);
    }

    [Fact]
    public async Task A_message_from_someone_recorded_as_gone_marks_them_following_again()
    {
        var store = Store();
        await store.RecordInteractionAsync(null, Worker, InteractionKind.UserMessage, CancellationToken.None);
        await store.UnfollowAsync(Worker, CancellationToken.None);
        var gone = await store.GetAsync(Worker, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        var recorded = await store.RecordInteractionAsync(gone, Worker, InteractionKind.UserMessage, CancellationToken.None);

        Assert.True((await store.GetAsync(Worker, CancellationToken.None))!.Following);
        Assert.True(recorded.Following);
    }

    private MemberStore Store()
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "m" + Guid.NewGuid().ToString("N")[..10] };
        return new MemberStore(new AppTables(new StorageClients(options), options), _time);
    }
}
