using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class StandInRandomFaultTests
{
    private const string Custom = "/cgi-bin/message/custom/send";
    private const string Template = "/cgi-bin/message/template/send";
    private const string Worker = "oRandomFaultWorker00000001";

    [Theory]
    [InlineData(StandInFaultKind.NeverReached, 0)]
    [InlineData(StandInFaultKind.AnswerLost, 1)]
    public async Task A_random_timeout_is_a_Timeout_to_the_client_and_the_stand_in_records_the_send_only_if_it_was_reached(StandInFaultKind kind, int recorded)
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        api.State.AddFollower(Worker);
        api.State.FailRandomly(1, [new StandInFault(kind)], seed: 1, timeoutHold: TimeSpan.FromSeconds(10));

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "您的案件已受理"));

        Assert.Equal(WeChatErrorKind.Timeout, failure.Kind);
        Assert.Equal(recorded, api.State.MessagesFor(Worker).Count);
        Assert.Equal(new InjectedFault(Custom, new StandInFault(kind)), Assert.Single(api.State.InjectedFaults));
    }

    [Fact]
    public async Task A_drawn_40001_invalidates_the_token_so_the_client_gets_a_new_one_without_a_force_refresh()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower(Worker);
        var before = await api.TokenAsync();
        api.State.FailRandomly(1, [StandInFault.ErrCode(WeChatErrorCodes.InvalidCredential)], seed: 1);

        // Refreshed once in normal mode, and the repeat drew 40001 again: the client gives up as TokenRejected.
        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "您的案件已受理"));
        Assert.Equal(WeChatErrorKind.TokenRejected, failure.Kind);
        api.State.FailRandomly(0, [], seed: 1);
        await api.Client.SendCustomTextAsync(Worker, "您的案件已受理");

        Assert.Equal(40001, ErrCode(await api.PostRawAsync(Custom, "{}", before)));
        Assert.Equal((3, 0), (api.State.CallCount("/cgi-bin/stable_token"), api.State.ForceRefreshCount));
        Assert.Single(api.State.MessagesFor(Worker));
    }

    [Fact]
    public async Task The_window_codes_are_drawn_only_for_custom_sends()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower(Worker);
        api.State.FailRandomly(1, [StandInFault.ErrCode(WeChatErrorCodes.ResponseOutOfTimeLimit)], seed: 1);

        await api.Client.SendTemplateAsync(new TemplateMessage(Worker, "TPL_1", new Dictionary<string, string> { ["thing1"] = "通知" }));
        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Worker, "您好"));

        Assert.Equal(WeChatErrorKind.OutsideServiceWindow, failure.Kind);
        Assert.Equal(new InjectedFault(Custom, StandInFault.ErrCode(45015)), Assert.Single(api.State.InjectedFaults));
        Assert.Equal(1, api.State.CallCount(Template));
    }

    private static int ErrCode(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.TryGetProperty("errcode", out var code) ? code.GetInt32() : 0;
}
