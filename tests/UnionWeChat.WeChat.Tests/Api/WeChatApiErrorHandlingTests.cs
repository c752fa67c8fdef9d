using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class WeChatApiErrorHandlingTests
{
    private const string Custom = "/cgi-bin/message/custom/send";
    private const string Template = "/cgi-bin/message/template/send";
    private const string SendAll = "/cgi-bin/message/mass/sendall";
    private const string StableToken = "/cgi-bin/stable_token";
    private const string Worker = "o_worker_0001";

    [Fact]
    public async Task Busy_and_503_are_retried_and_the_send_then_succeeds()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.FailNext(Custom, WeChatErrorCodes.Busy);
        api.State.FailWithHttpStatus(Custom, 503);

        await api.Client.SendCustomTextAsync(Worker, "您的求助已受理");

        Assert.Equal(3, api.State.CallCount(Custom));
        Assert.Single(api.State.MessagesFor(Worker));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count_and_the_failure_stays_retryable()
    {
        await using var api = await ApiHarness.StartAsync(o => o.MaxRetries = 2);
        api.State.FailNext(Custom, WeChatErrorCodes.Busy, times: 10);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));

        Assert.Equal(WeChatErrorKind.Retryable, failure.Kind);
        Assert.Equal(-1, failure.ErrCode);
        Assert.Equal(3, api.State.CallCount(Custom));
    }

    [Theory]
    [InlineData(45009, WeChatErrorKind.QuotaExhausted)]
    [InlineData(45015, WeChatErrorKind.OutsideServiceWindow)]
    [InlineData(45047, WeChatErrorKind.OutsideServiceWindow)]
    [InlineData(43004, WeChatErrorKind.NotFollowing)]
    [InlineData(45028, WeChatErrorKind.Permanent)]
    [InlineData(89503, WeChatErrorKind.Permanent)]
    [InlineData(40003, WeChatErrorKind.Permanent)]
    public async Task Errcodes_map_to_their_kind_and_are_not_retried(int errcode, WeChatErrorKind kind)
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.FailNext(Custom, errcode);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));

        Assert.Equal(errcode, failure.ErrCode);
        Assert.Equal(kind, failure.Kind);
        Assert.Equal(1, api.State.CallCount(Custom));
        Assert.Empty(api.State.MessagesFor(Worker));
    }

    [Fact]
    public async Task A_member_who_never_interacted_is_outside_the_service_window()
    {
        await using var api = await ApiHarness.StartAsync(enforceWindow: true);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));

        Assert.Equal(45015, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.OutsideServiceWindow, failure.Kind);
    }

    [Fact]
    public async Task A_menu_click_allows_three_custom_messages_and_the_fourth_is_refused()
    {
        await using var api = await ApiHarness.StartAsync(enforceWindow: true);
        api.State.RecordInteraction(Worker, InteractionKind.MenuClick, api.ClientTime.GetUtcNow());

        for (var i = 0; i < 3; i++)
        {
            await api.Client.SendCustomTextAsync(Worker, $"reply {i}");
        }

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "one too many"));
        Assert.Equal(45047, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.OutsideServiceWindow, failure.Kind);
        Assert.Equal(3, api.State.MessagesFor(Worker).Count);
    }

    [Fact]
    public async Task A_member_who_unfollowed_gets_NotFollowing_and_an_unknown_openid_is_permanent()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower(Worker, "王师傅");
        api.State.Unfollow(Worker);

        var unfollowed = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));
        var unknown = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync("o_nobody", "hello"));

        Assert.Equal(WeChatErrorKind.NotFollowing, unfollowed.Kind);
        Assert.Equal(43004, unfollowed.ErrCode);
        Assert.Equal(WeChatErrorKind.Permanent, unknown.Kind);
        Assert.Equal(40003, unknown.ErrCode);
    }

    [Fact]
    public async Task An_IP_outside_the_whitelist_fails_with_a_message_naming_the_whitelist()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.FailNext(StableToken, WeChatErrorCodes.IpNotWhitelisted);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));

        Assert.Equal(WeChatErrorKind.IpNotWhitelisted, failure.Kind);
        Assert.Contains("IP whitelist", failure.Message, StringComparison.Ordinal);
        Assert.Contains("IP白名单", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, api.State.CallCount(StableToken));
        Assert.Equal(0, api.State.CallCount(Custom));
    }

    [Fact]
    public async Task A_timed_out_custom_send_is_reported_as_Timeout_after_one_request()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        var release = new TaskCompletionSource();
        var handled = api.State.HoldAnswer(Custom, release.Task);
        try
        {
            var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "您的案件已分派"));
            await handled;

            Assert.Equal(WeChatErrorKind.Timeout, failure.Kind);
            Assert.Equal(1, api.State.CallCount(Custom));
            Assert.Single(api.State.MessagesFor(Worker));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_timed_out_custom_send_that_never_reached_WeChat_is_also_reported_once()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        var release = new TaskCompletionSource();
        var arrived = api.State.DelayNext(Custom, release.Task);
        try
        {
            var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "hello"));
            await arrived;

            Assert.Equal(WeChatErrorKind.Timeout, failure.Kind);
            Assert.Equal(1, api.State.CallCount(Custom));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_template_send_whose_repeats_fail_after_a_lost_answer_says_it_may_have_been_delivered()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(2));
        var release = new TaskCompletionSource();
        var firstHandled = api.State.HoldAnswer(Template, release.Task);
        try
        {
            var send = api.Client.SendTemplateAsync(new TemplateMessage(Worker, "TPL_case_update", new Dictionary<string, string> { ["keyword1"] = "已受理" }));
            await firstHandled;
            // The first request was delivered and its answer is held; every repeat now finds WeChat busy.
            api.State.FailNext(Template, -1, times: 20);

            var failure = await Assert.ThrowsAsync<WeChatApiException>(() => send);

            Assert.Equal(WeChatErrorKind.Retryable, failure.Kind);
            Assert.True(failure.MayHaveTakenEffect);
            Assert.Single(api.State.MessagesFor(Worker));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_send_refused_as_busy_every_time_was_not_delivered()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.FailNext(Template, -1, times: 20);

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() =>
            api.Client.SendTemplateAsync(new TemplateMessage(Worker, "TPL_case_update", new Dictionary<string, string> { ["keyword1"] = "已受理" })));

        Assert.False(failure.MayHaveTakenEffect);
        Assert.Empty(api.State.MessagesFor(Worker));
    }

    [Fact]
    public async Task A_timed_out_template_send_is_repeated_with_its_key_and_the_member_gets_one_message()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        var release = new TaskCompletionSource();
        var firstHandled = api.State.HoldAnswer(Template, release.Task);
        try
        {
            var result = await api.Client.SendTemplateAsync(new TemplateMessage(Worker, "TPL_case_update", new Dictionary<string, string> { ["keyword1"] = "已受理" }));
            await firstHandled;

            Assert.Equal(2, api.State.CallCount(Template));
            var message = Assert.Single(api.State.MessagesFor(Worker));
            Assert.Equal(message.Id, result.MsgId);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_timed_out_mass_send_is_repeated_and_reported_as_already_submitted()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        api.State.AddFollower("o_a");
        api.State.AddFollower("o_b");
        var release = new TaskCompletionSource();
        var firstHandled = api.State.HoldAnswer(SendAll, release.Task);
        try
        {
            var result = await api.Client.SendAllAsync(MassContent.Text("工会通知"), tagId: null, clientMsgId: "notice-42");
            await firstHandled;

            Assert.True(result.AlreadySubmitted);
            Assert.Equal("notice-42", result.ClientMsgId);
            Assert.Equal(api.State.MessagesFor("o_a").Single().Id, result.MsgId);
            Assert.Single(api.State.MessagesFor("o_b"));
            Assert.Equal(2, api.State.CallCount(SendAll));
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public async Task A_used_up_daily_quota_is_QuotaExhausted()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.SetDailyQuota(Custom, 1);
        await api.Client.SendCustomTextAsync(Worker, "first");

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "second"));

        Assert.Equal(WeChatErrorKind.QuotaExhausted, failure.Kind);
        Assert.Equal(2, api.State.CallCount(Custom));
    }

    [Fact]
    public async Task Sending_faster_than_the_rate_limit_is_refused_with_45011_as_retryable()
    {
        var frozen = new UnionWeChat.Testing.ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(o => o.MaxRetries = 0, serverTime: frozen, time: TimeProvider.System);
        api.State.SetSendRateLimit(2);
        await api.Client.SendCustomTextAsync(Worker, "1");
        await api.Client.SendCustomTextAsync(Worker, "2");

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "3"));

        Assert.Equal(45011, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.Retryable, failure.Kind);
    }

    [Fact]
    public async Task Random_faults_are_absorbed_by_retries_and_follow_the_seed()
    {
        await using var api = await ApiHarness.StartAsync(o => o.MaxRetries = 10);
        api.State.FailRandomly(0.3, [WeChatErrorCodes.Busy], seed: 7);

        for (var i = 0; i < 20; i++)
        {
            await api.Client.GetFollowersAsync(null);
        }

        await using var again = await ApiHarness.StartAsync(o => o.MaxRetries = 10);
        again.State.FailRandomly(0.3, [WeChatErrorCodes.Busy], seed: 7);
        for (var i = 0; i < 20; i++)
        {
            await again.Client.GetFollowersAsync(null);
        }

        Assert.True(api.State.CallCount("/cgi-bin/user/get") > 20);
        Assert.Equal(api.State.CallCount("/cgi-bin/user/get"), again.State.CallCount("/cgi-bin/user/get"));
    }
}
