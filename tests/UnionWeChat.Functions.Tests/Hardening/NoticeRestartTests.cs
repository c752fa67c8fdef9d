using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Tests.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// A sender is killed in the middle of a fan-out (<see cref="InstanceKill"/>) and another instance takes over once the
/// claims lapse, sharing the clock with the fake WeChat server, which drops a repeated template client_msg_id for
/// 10 minutes only. One worker sends in key order: two sends answered, one whose answers were all lost, two more
/// answered, one delivered when the instance died (its answer never came back), and six never tried.
/// </summary>
public sealed class NoticeRestartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Recipients = 12;
    private const int LostAt = 2;
    private const int KilledAt = 5;
    private const int ClientRetries = 3;

    [Fact]
    public async Task A_sender_killed_mid_fan_out_and_restarted_past_wechats_repeat_window_sends_nothing_answered_again()
    {
        await using var run = await KilledTemplateRunAsync();

        run.Clock.Advance(TimeSpan.FromMinutes(11));
        await run.RestartAsync();

        // Delivered exactly once each; the answered ones were not even asked again. The two whose answer never came
        // can no longer be repeated safely: unconfirmed.
        run.EachMemberGotOneMessage();
        Assert.All(run.Answered, m => Assert.Equal(0, run.WeChat.DroppedRepeatsFor(m)));
        Assert.Equal(0, run.WeChat.DroppedRepeatsFor(run.Members[KilledAt]));
        Assert.Equal(ClientRetries, run.WeChat.DroppedRepeatsFor(run.Members[LostAt]));
        await run.StatesAreAsync(sent: [.. run.Answered, .. run.Untried], unconfirmed: [run.Members[LostAt], run.Members[KilledAt]]);
    }

    [Fact]
    public async Task A_sender_killed_mid_fan_out_and_restarted_inside_the_repeat_window_repeats_only_the_sends_whose_answer_was_lost()
    {
        await using var run = await KilledTemplateRunAsync();

        run.Clock.Advance(TimeSpan.FromMinutes(3));
        await run.RestartAsync();

        // The two repeats carried their client_msg_id, and WeChat answered them as the first time.
        run.EachMemberGotOneMessage();
        Assert.All(run.Answered.Concat(run.Untried), m => Assert.Equal(0, run.WeChat.DroppedRepeatsFor(m)));
        Assert.Equal(1, run.WeChat.DroppedRepeatsFor(run.Members[KilledAt]));
        Assert.Equal(ClientRetries + 1, run.WeChat.DroppedRepeatsFor(run.Members[LostAt]));
        await run.StatesAreAsync(sent: run.Members, unconfirmed: []);
        var rows = await run.Notices.RowsAsync(run.Id, RecipientState.Sent);
        Assert.All(rows, r => Assert.Equal(run.WeChat.MessagesFor(r.OpenId).Single().Id, r.MsgId));
    }

    [Fact]
    public async Task A_custom_notice_killed_mid_fan_out_repeats_nothing_answered_and_counts_it_sent()
    {
        await using var run = await KilledRunAsync(custom: true);

        run.Clock.Advance(TimeSpan.FromMinutes(11));
        await run.RestartAsync();

        // A custom message carries no key WeChat could drop a repeat by: one whose answer was lost is unconfirmed
        // (at once, or once its claim lapsed), and nothing answered is sent twice.
        run.EachMemberGotOneMessage();
        await run.StatesAreAsync(sent: [.. run.Answered, .. run.Untried], unconfirmed: [run.Members[LostAt], run.Members[KilledAt]]);
    }

    private Task<KilledRun> KilledTemplateRunAsync() => KilledRunAsync(custom: false);

    private async Task<KilledRun> KilledRunAsync(bool custom)
    {
        var clock = new ManualTimeProvider();
        var kill = new InstanceKill();
        var notices = await NoticeHarness.StartAsync(azurite, clock, app => app
            .With("Notices:Buckets", "1")
            .With("Notices:SendConcurrency", "1")
            .WithServices(s => s.PostConfigure<WeChatApiOptions>(o =>
            {
                // Long enough that a loaded machine does not turn an answered send into a lost answer; only the
                // member named below loses its answers.
                o.RequestTimeout = TimeSpan.FromSeconds(2);
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                o.MaxRetries = ClientRetries;
            })));
        // Only the first instance dies; the one that restarts the work is built later without this.
        notices.App.WithServices(s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(kill.Handler)));
        var members = await notices.FollowersAsync(Recipients, "oRestart");
        var wechat = notices.WeChat.State;
        if (custom)
        {
            // Members who wrote in a while ago: custom messages may reach them for 48 hours.
            clock.Advance(TimeSpan.FromMinutes(5));
            foreach (var m in members)
            {
                await notices.Service<MemberStore>().RecordInteractionAsync(m, InteractionKind.UserMessage, CancellationToken.None);
                wechat.RecordInteraction(m, InteractionKind.UserMessage, clock.GetUtcNow());
            }
        }
        // Every attempt to reach this member is delivered (then dropped as a repeat) and its answer lost.
        wechat.LoseAnswersTo(members[LostAt], custom ? 1 : ClientRetries + 1);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wechat.MessageAccepted += (_, message) =>
        {
            if (message.OpenId == members[KilledAt])
            {
                kill.Trip();
                killed.TrySetResult();
            }
        };
        var id = await notices.CreateAsync(custom
            ? new { title = "职工疗休养报名", body = "本周五前在服务站报名", audience = new { kind = "openids", openIds = members }, channel = "custom" }
            : NoticeHarness.Template(members));

        // Never awaited: the killed instance's run is stuck for good.
        _ = notices.SendAsync();
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(180));
        Assert.Equal(KilledAt + 1, wechat.Sends.Count);
        return new KilledRun(notices, clock, id, members);
    }

    private sealed class KilledRun(NoticeHarness notices, ManualTimeProvider clock, string id, IReadOnlyList<string> members) : IAsyncDisposable
    {
        public NoticeHarness Notices { get; } = notices;

        public ManualTimeProvider Clock { get; } = clock;

        public string Id { get; } = id;

        public IReadOnlyList<string> Members { get; } = members;

        public UnionWeChat.WeChat.Simulator.WeChatApiStandIn WeChat => Notices.WeChat.State;

        /// <summary>The sends WeChat answered before the kill.</summary>
        public IReadOnlyList<string> Answered => [Members[0], Members[1], Members[3], Members[4]];

        public IReadOnlyList<string> Untried => Members.Skip(KilledAt + 1).ToList();

        /// <summary>A new instance runs the sender until the notice is complete.</summary>
        public async Task RestartAsync()
        {
            var restarted = Notices.SecondInstance();
            for (var runs = 0; runs < 3 && (await Notices.GetAsync(Id)).GetProperty("status").GetString() != "completed"; runs++)
            {
                await Notices.SendAsync(restarted);
            }
        }

        public void EachMemberGotOneMessage() =>
            Assert.All(Members, m => Assert.Single(WeChat.MessagesFor(m)));

        /// <summary>Every row is in the state expected, and the notice's counters say the same as the rows.</summary>
        public async Task StatesAreAsync(IReadOnlyList<string> sent, IReadOnlyList<string> unconfirmed)
        {
            var notice = await Notices.GetAsync(Id);
            Assert.Equal("completed", notice.GetProperty("status").GetString());
            Assert.Equal(sent.Order(), (await Notices.RowsAsync(Id, RecipientState.Sent)).Select(r => r.OpenId).Order());
            Assert.Equal(unconfirmed.Order(), (await Notices.RowsAsync(Id, RecipientState.Unconfirmed)).Select(r => r.OpenId).Order());
            foreach (var state in Enum.GetValues<RecipientState>())
            {
                var name = char.ToLowerInvariant(state.ToString()[0]) + state.ToString()[1..];
                Assert.Equal((state, (await Notices.RowsAsync(Id, state)).Count), (state, NoticeHarness.Count(notice, name)));
            }
            Assert.Equal(Recipients, NoticeHarness.Count(notice, "total"));
        }

        public ValueTask DisposeAsync() => Notices.DisposeAsync();
    }
}
