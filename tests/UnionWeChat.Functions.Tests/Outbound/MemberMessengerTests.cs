using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Outbound;

/// <summary>
/// The one channel rule, against a real Azurite and the fake WeChat server: custom inside the window while slots
/// last, the template otherwise; opt-out only for what is not essential; a lost answer unconfirmed, never resent.
/// </summary>
public sealed class MemberMessengerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly TemplateFallback Template = new("TPL_outbound_01", new Dictionary<string, string> { ["thing1"] = "工会通知" });

    private FakeWeChatServer _wechat = null!;
    private AppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _wechat = await FakeWeChatServer.StartAsync();
        // A short client timeout, so a held answer is given up on in a second.
        _app = new AppFactory(azurite.ConnectionString, _wechat.BaseUrl.ToString())
            .WithServices(s => s.PostConfigure<WeChatApiOptions>(o =>
            {
                o.RequestTimeout = TimeSpan.FromSeconds(1);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            }));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _wechat.DisposeAsync();
    }

    [Fact]
    public async Task A_member_who_wrote_recently_gets_a_custom_message()
    {
        var member = await WroteAsync("oOutboundCustom00000000001");

        var report = await SendAsync(member, "您的事项已受理");

        Assert.Equal(MemberDelivery.Custom, report.Delivery);
        var received = Assert.Single(_wechat.State.MessagesFor(member));
        Assert.Equal(SendChannel.Custom, received.Channel);
        Assert.Equal(1, (await Members.GetAsync(member, CancellationToken.None))!.CustomSentSinceInteraction);
    }

    [Fact]
    public async Task The_sixth_message_in_a_window_goes_by_template()
    {
        var member = await WroteAsync("oOutboundSixth000000000001");

        var deliveries = new List<MemberDelivery>();
        for (var i = 1; i <= 6; i++)
        {
            deliveries.Add((await SendAsync(member, $"第{i}条")).Delivery);
        }

        Assert.Equal([.. Enumerable.Repeat(MemberDelivery.Custom, 5), MemberDelivery.Template], deliveries);
        Assert.Equal(5, _wechat.State.MessagesFor(member).Count(m => m.Channel == SendChannel.Custom));
        Assert.Equal(1, _wechat.State.MessagesFor(member).Count(m => m.Channel == SendChannel.Template));
    }

    [Fact]
    public async Task Two_senders_racing_for_the_last_slot_cannot_both_take_it()
    {
        var member = await WroteAsync("oOutboundRace0000000000001");
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(member, $"第{i}条");
        }
        var row = (await Members.GetAsync(member, CancellationToken.None))!;
        var window = _app.Services.GetRequiredService<ServiceWindow>();

        // Both start from the same read of the row, as two instances would.
        var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Members.TryTakeCustomSlotAsync(row, window, CancellationToken.None)));

        Assert.Equal(1, taken.Count(t => t));
        Assert.Equal(5, (await Members.GetAsync(member, CancellationToken.None))!.CustomSentSinceInteraction);
    }

    [Fact]
    public async Task A_member_silent_for_more_than_48_hours_gets_the_template()
    {
        const string member = "oOutboundSilent00000000001";
        _wechat.State.AddFollower(member);
        var followed = await Members.FollowAsync(member, null, CancellationToken.None);
        await Members.SaveAsync(followed with { LastInteractionAt = TimeProvider.System.GetUtcNow().AddHours(-49) }, CancellationToken.None);

        var report = await SendAsync(member, "您的事项已办结");

        Assert.Equal(MemberDelivery.Template, report.Delivery);
        var received = Assert.Single(_wechat.State.MessagesFor(member));
        Assert.Equal(SendChannel.Template, received.Channel);
    }

    [Fact]
    public async Task Someone_without_a_member_row_gets_the_template_when_WeChat_says_the_window_is_closed()
    {
        // A staff openid from configuration, say: our records know no window, so WeChat's 45015 decides.
        const string staff = "oOutboundNoRow000000000001";
        _wechat.State.AddFollower(staff);

        var report = await SendAsync(staff, "办结超时提醒");

        Assert.Equal(MemberDelivery.Template, report.Delivery);
        Assert.Equal(SendChannel.Template, Assert.Single(_wechat.State.MessagesFor(staff)).Channel);
    }

    [Fact]
    public async Task An_opted_out_member_gets_essential_messages_only()
    {
        var member = await WroteAsync("oOutboundOptOut00000000001");
        await Members.SetOptedOutAsync(member, true, CancellationToken.None);

        var notice = await SendAsync(member, "夏送清凉活动通知", essential: false);
        var reply = await SendAsync(member, "工作人员回复", essential: true);

        Assert.Equal(MemberDelivery.OptedOut, notice.Delivery);
        Assert.Equal(MemberDelivery.Custom, reply.Delivery);
        var received = Assert.Single(_wechat.State.MessagesFor(member));
        Assert.Contains("工作人员回复", received.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_answer_is_unconfirmed_and_not_sent_again()
    {
        var member = await WroteAsync("oOutboundLost000000000001");
        _wechat.State.LoseAnswersTo(member);

        var report = await SendAsync(member, "您的事项已受理");

        Assert.Equal(MemberDelivery.Unconfirmed, report.Delivery);
        Assert.Equal(SendStatus.AnswerLost, report.Send!.Status);
        // It was delivered; neither a second custom message nor the template followed it.
        var received = Assert.Single(_wechat.State.MessagesFor(member));
        Assert.Equal(SendChannel.Custom, received.Channel);
        Assert.Equal(1, _wechat.State.CallCount("/cgi-bin/message/custom/send"));
        Assert.Equal(0, _wechat.State.CallCount("/cgi-bin/message/template/send"));
    }

    private MemberStore Members => _app.Services.GetRequiredService<MemberStore>();

    /// <summary>A follower who has just written to the account: the window is open at WeChat and on our row.</summary>
    private async Task<string> WroteAsync(string openId)
    {
        _wechat.State.AddFollower(openId);
        await Members.FollowAsync(openId, null, CancellationToken.None);
        await Members.RecordInteractionAsync(openId, InteractionKind.UserMessage, CancellationToken.None);
        _wechat.State.RecordInteraction(openId, InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
        return openId;
    }

    private async Task<DeliveryReport> SendAsync(string openId, string text, bool essential = true)
    {
        var messenger = _app.Services.GetRequiredService<MemberMessenger>();
        return await messenger.SendAsync(new MemberMessage(openId, text, Template, essential), CancellationToken.None);
    }
}
