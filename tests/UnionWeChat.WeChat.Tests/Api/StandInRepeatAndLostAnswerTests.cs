using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class StandInRepeatAndLostAnswerTests
{
    private const string Member = "oStandInRepeat000000000001";
    private const string Other = "oStandInRepeat000000000002";

    [Fact]
    public async Task A_repeated_client_msg_id_is_dropped_for_ten_minutes_by_the_stand_ins_clock_and_delivered_again_after()
    {
        var clock = new ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: clock);
        api.State.AddFollower(Member);
        var message = new TemplateMessage(Member, "TPL_notice_01", new Dictionary<string, string> { ["thing1"] = "夏送清凉" }, ClientMsgId: "notice-1");

        var first = await api.Client.SendTemplateAsync(message);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var repeat = await api.Client.SendTemplateAsync(message);

        Assert.Equal((first.MsgId, 1, 1), (repeat.MsgId, api.State.MessagesFor(Member).Count, api.State.DroppedRepeatsFor(Member)));

        clock.Advance(TimeSpan.FromSeconds(2));
        var late = await api.Client.SendTemplateAsync(message);

        Assert.NotEqual(first.MsgId, late.MsgId);
        Assert.Equal((2, 1), (api.State.MessagesFor(Member).Count, api.State.DroppedRepeatsFor(Member)));
    }

    [Fact]
    public async Task Answers_to_one_member_are_lost_after_the_message_is_delivered_while_others_are_answered()
    {
        await using var api = await ApiHarness.StartAsync(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        api.State.AddFollower(Member);
        api.State.AddFollower(Other);
        api.State.LoseAnswersTo(Member);

        await api.Client.SendTemplateAsync(new TemplateMessage(Other, "TPL_notice_01", new Dictionary<string, string> { ["thing1"] = "夏送清凉" }));
        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.SendCustomTextAsync(Member, "您的案件已受理"));
        await api.Client.SendCustomTextAsync(Member, "您的案件已受理");

        Assert.Equal((WeChatErrorKind.Timeout, true), (failure.Kind, failure.MayHaveTakenEffect));
        Assert.Equal((2, 1), (api.State.MessagesFor(Member).Count, api.State.MessagesFor(Other).Count));
        Assert.Single(api.State.InjectedFaults);
    }
}
