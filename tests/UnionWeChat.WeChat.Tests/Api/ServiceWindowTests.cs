using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class ServiceWindowTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void A_workers_message_allows_five_custom_messages()
    {
        var window = new ServiceWindow(_clock);
        var messagedAt = _clock.GetUtcNow().AddHours(-47);

        Assert.Equal(5, window.Evaluate(messagedAt, InteractionKind.UserMessage, 0).Remaining);
        Assert.Equal(1, window.Evaluate(messagedAt, InteractionKind.UserMessage, 4).Remaining);
        Assert.False(window.Evaluate(messagedAt, InteractionKind.UserMessage, 5).IsAllowed);
    }

    [Fact]
    public void A_workers_message_window_closes_after_48_hours()
    {
        var window = new ServiceWindow(_clock);
        var messagedAt = _clock.GetUtcNow().AddHours(-48);

        var status = window.Evaluate(messagedAt, InteractionKind.UserMessage, 0);

        Assert.False(status.IsAllowed);
        Assert.Equal(_clock.GetUtcNow(), status.ClosesAt);
    }

    [Theory]
    [InlineData(InteractionKind.MenuClick)]
    [InlineData(InteractionKind.Follow)]
    [InlineData(InteractionKind.ScanQrCode)]
    public void A_click_follow_or_scan_allows_three_within_one_minute(InteractionKind kind)
    {
        var window = new ServiceWindow(_clock);

        Assert.Equal(3, window.Evaluate(_clock.GetUtcNow().AddSeconds(-59), kind, 0).Remaining);
        Assert.Equal(1, window.Evaluate(_clock.GetUtcNow().AddSeconds(-59), kind, 2).Remaining);
        Assert.False(window.Evaluate(_clock.GetUtcNow().AddSeconds(-59), kind, 3).IsAllowed);
        Assert.False(window.Evaluate(_clock.GetUtcNow().AddSeconds(-60), kind, 0).IsAllowed);
    }

    [Fact]
    public void The_window_follows_the_clock()
    {
        var window = new ServiceWindow(_clock);
        var clickedAt = _clock.GetUtcNow();

        Assert.True(window.Evaluate(clickedAt, InteractionKind.MenuClick, 0).IsAllowed);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(window.Evaluate(clickedAt, InteractionKind.MenuClick, 0).IsAllowed);
    }

    [Fact]
    public void A_negative_count_of_sent_messages_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServiceWindow(_clock).Evaluate(_clock.GetUtcNow(), InteractionKind.UserMessage, -1));
}
