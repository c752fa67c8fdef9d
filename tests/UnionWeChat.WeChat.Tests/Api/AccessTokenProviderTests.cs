using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class AccessTokenProviderTests
{
    private const string StableToken = "/cgi-bin/stable_token";
    private const string Followers = "/cgi-bin/user/get";

    [Fact]
    public async Task Fifty_concurrent_calls_on_a_cold_start_make_one_stable_token_request()
    {
        await using var api = await ApiHarness.StartAsync();
        var release = new TaskCompletionSource();
        var tokenRequested = api.State.DelayNext(StableToken, release.Task);

        var calls = Enumerable.Range(0, 50).Select(_ => api.Client.GetFollowersAsync(null)).ToList();
        await tokenRequested;
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(1, api.State.CallCount(StableToken));
        Assert.Equal(50, api.State.CallCount(Followers));
        Assert.Equal(1, api.Store.Saves);
    }

    [Fact]
    public async Task The_token_is_reused_until_the_refresh_margin_and_then_renewed()
    {
        var clock = new ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: clock);

        var first = await api.Tokens.GetTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(7200 - 301));
        var stillFirst = await api.Tokens.GetTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await api.Tokens.GetTokenAsync(CancellationToken.None);

        Assert.Equal(first, stillFirst);
        Assert.NotEqual(first, renewed);
        Assert.Equal(2, api.State.CallCount(StableToken));
        await api.Client.GetFollowersAsync(null);
    }

    [Fact]
    public async Task A_rejected_token_is_refreshed_once_and_the_call_repeated_once()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.GetFollowersAsync(null);
        api.State.InvalidateAccessTokens();

        await api.Client.GetFollowersAsync(null);

        Assert.Equal(2, api.State.CallCount(StableToken));
        Assert.Equal(3, api.State.CallCount(Followers));
        Assert.Equal(0, api.State.ForceRefreshCount);
    }

    [Fact]
    public async Task A_token_WeChat_expired_early_is_refreshed_in_normal_mode()
    {
        var serverClock = new ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: TimeProvider.System, serverTime: serverClock);
        await api.Client.GetFollowersAsync(null);
        serverClock.Advance(TimeSpan.FromHours(3));

        await api.Client.GetFollowersAsync(null);

        Assert.Equal(2, api.State.CallCount(StableToken));
        Assert.Equal(0, api.State.ForceRefreshCount);
    }

    [Fact]
    public async Task When_WeChat_hands_back_the_token_it_rejected_a_force_refresh_follows()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.GetFollowersAsync(null);
        api.State.FailNext(Followers, WeChatErrorCodes.InvalidCredential);

        await api.Client.GetFollowersAsync(null);

        Assert.Equal(1, api.State.ForceRefreshCount);
        Assert.Equal(3, api.State.CallCount(StableToken));
        Assert.Equal(3, api.State.CallCount(Followers));
    }

    [Fact]
    public async Task Force_refresh_is_refused_beyond_the_allowance_and_the_call_fails_as_TokenRejected()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.GetFollowersAsync(null);
        api.Store.RecordEarlierForceRefresh(TimeProvider.System.GetUtcNow().AddSeconds(-10));
        api.State.FailNext(Followers, WeChatErrorCodes.InvalidCredential);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(WeChatErrorKind.TokenRejected, failure.Kind);
        Assert.Equal(0, api.State.ForceRefreshCount);
        Assert.Equal(2, api.State.CallCount(Followers));
    }

    [Fact]
    public async Task A_second_rejection_after_the_refresh_is_not_retried_again()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.GetFollowersAsync(null);
        api.State.FailNext(Followers, WeChatErrorCodes.AccessTokenExpired, times: 2);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(WeChatErrorKind.TokenRejected, failure.Kind);
        Assert.Equal(3, api.State.CallCount(Followers));
    }

    [Fact]
    public async Task An_instance_that_loses_the_lease_waits_for_the_winners_token_instead_of_fetching()
    {
        await using var api = await ApiHarness.StartAsync();
        var other = api.NewProvider();
        var release = new TaskCompletionSource();
        var winnerFetching = api.State.DelayNext(StableToken, release.Task);

        var winner = api.Tokens.GetTokenAsync(CancellationToken.None).AsTask();
        await winnerFetching;
        var loser = other.GetTokenAsync(CancellationToken.None).AsTask();
        await api.Store.LeaseRefused;
        release.SetResult();

        Assert.Equal(await winner, await loser);
        Assert.Equal(1, api.State.CallCount(StableToken));
    }

    [Fact]
    public async Task Waiting_for_another_instance_ends_at_the_deadline_as_retryable_without_further_attempts()
    {
        await using var api = await ApiHarness.StartAsync(o =>
        {
            o.TokenLeaseDuration = TimeSpan.FromSeconds(1);
            o.TokenWaitTimeout = TimeSpan.FromSeconds(1);
        });
        api.Store.HoldLeaseElsewhere(TimeProvider.System.GetUtcNow().AddHours(1));

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(WeChatErrorKind.Retryable, failure.Kind);
        Assert.Equal(0, api.State.CallCount(StableToken));
        Assert.Equal(0, api.State.CallCount(Followers));
    }

    [Fact]
    public async Task A_busy_token_endpoint_is_retried_by_the_fetch_alone_not_again_by_the_call()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.FailNext(StableToken, WeChatErrorCodes.Busy, times: 10);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(WeChatErrorKind.Retryable, failure.Kind);
        Assert.Equal(4, api.State.CallCount(StableToken));
        Assert.Equal(0, api.State.CallCount(Followers));
    }

    [Fact]
    public async Task A_wrong_AppSecret_fails_as_permanent_without_retries()
    {
        await using var api = await ApiHarness.StartAsync(o => o.AppSecret = "not-the-secret");

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(40125, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.Permanent, failure.Kind);
        Assert.Equal(1, api.State.CallCount(StableToken));
    }

    [Fact]
    public async Task Token_values_never_appear_in_logs_or_error_messages()
    {
        await using var api = await ApiHarness.StartAsync(captureLogs: true);
        await api.Client.GetFollowersAsync(null);
        api.State.FailNext(Followers, WeChatErrorCodes.InvalidCredential);
        await api.Client.GetFollowersAsync(null);
        api.State.FailNext(Followers, WeChatErrorCodes.Busy, times: 5);
        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.GetFollowersAsync(null));

        Assert.Equal(2, api.Store.Saved.Count);
        Assert.NotEmpty(api.Logs!.Lines);
        foreach (var token in api.Store.Saved)
        {
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(token.Value, StringComparison.Ordinal));
            Assert.DoesNotContain(token.Value, failure.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(FakeWeChatServer.AppSecret, StringComparison.Ordinal));
    }
}
