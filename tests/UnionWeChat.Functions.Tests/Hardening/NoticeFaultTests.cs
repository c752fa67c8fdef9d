using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Tests.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;
using Xunit.Abstractions;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// A template notice goes out while a fifth of WeChat's answers are faults (<see cref="WeChatFaultMix"/>). Each
/// member gets it at most once; a member the app records as sent got exactly one message; whatever did not go out
/// is recorded with its reason; and the access token is fetched again only when WeChat made it invalid.
/// </summary>
public sealed class NoticeFaultTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Recipients = 300;

    [Fact]
    public async Task A_template_notice_sent_through_random_WeChat_faults_reaches_every_member_once_and_records_the_rest()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock, app => WeChatFaultMix.Impatient(app));
        var wechat = notices.WeChat.State;
        var members = await notices.FollowersAsync(Recipients, "oFault");
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        WeChatFaultMix.Start(wechat, seed: 20261121);

        // Timer runs, as the host would fire them. After a 45009 the sender waits for the next quota day; a claim
        // whose answers were all lost stays "sending" until its lease lapses, well inside WeChat's 10-minute window.
        var runs = 0;
        var newDays = 0;
        var quotaStops = 0;
        for (; runs < 60 && !await IsCompletedAsync(); runs++)
        {
            var report = (await notices.SendAsync()).SingleOrDefault();
            if (report?.Stop == NoticeStop.QuotaExhausted)
            {
                quotaStops++;
                newDays++;
                clock.Set(NoticeKeys.NextQuotaWindow(clock.GetUtcNow()).AddMinutes(5));
            }
            else if (NoticeHarness.Count(await notices.GetAsync(id), "sending") > 0)
            {
                clock.Advance(TimeSpan.FromMinutes(3));
            }
        }

        var notice = await notices.GetAsync(id);
        Assert.Equal("completed", notice.GetProperty("status").GetString());
        Assert.Empty(notices.Duplicates());

        var sent = await notices.RowsAsync(id, RecipientState.Sent);
        var failed = await notices.RowsAsync(id, RecipientState.Failed);
        var skipped = await notices.RowsAsync(id, RecipientState.Skipped);
        var unconfirmed = await notices.RowsAsync(id, RecipientState.Unconfirmed);
        Assert.Equal(members.Order(), sent.Concat(failed).Concat(skipped).Concat(unconfirmed).Select(r => r.OpenId).Order());

        // Sent means exactly one message, the one whose msgid the row holds.
        Assert.All(sent, r => Assert.Equal(r.MsgId, Assert.Single(wechat.MessagesFor(r.OpenId)).Id));
        // Failed or skipped means nothing reached the member, and the row says why.
        Assert.All(failed.Concat(skipped), r =>
        {
            Assert.Empty(wechat.MessagesFor(r.OpenId));
            Assert.NotNull(r.ErrCode);
        });
        // Unconfirmed is the honest answer when a send may have gone out and WeChat would no longer drop a repeat:
        // the member got at most one message, and the row is not sent again.
        Assert.All(unconfirmed, r =>
        {
            Assert.InRange(wechat.MessagesFor(r.OpenId).Count, 0, 1);
            Assert.True(r.Reason is not null || r.ErrCode is not null, $"unconfirmed row without a reason: {r.OpenId[..8]}…");
        });

        // The notice's counters agree with the outbox and with what WeChat accepted.
        Assert.Equal(
            (Recipients, sent.Count, failed.Count, skipped.Count, unconfirmed.Count, 0, 0),
            (NoticeHarness.Count(notice, "total"), NoticeHarness.Count(notice, "sent"), NoticeHarness.Count(notice, "failed"),
                NoticeHarness.Count(notice, "skipped"), NoticeHarness.Count(notice, "unconfirmed"), NoticeHarness.Count(notice, "pending"),
                NoticeHarness.Count(notice, "sending")));
        var deliveredUnconfirmed = unconfirmed.Count(r => wechat.MessagesFor(r.OpenId).Count == 1);
        Assert.Equal(sent.Count + deliveredUnconfirmed, wechat.Sends.Count);

        // Every fault in the mix that WeChat can answer on a template send really happened, and every 45009 stopped a run.
        var injected = wechat.InjectedFaults;
        Assert.All(WeChatFaultMix.Faults.Where(f => f.Code != 45015), f => Assert.Contains(injected, i => i.Fault == f));
        // Two workers can meet a 45009 in the same run, which stops once.
        Assert.InRange(quotaStops, 1, WeChatFaultMix.Injected(wechat, StandInFault.ErrCode(45009)));

        // One token to start with, one after each 40001 (which invalidates the token), one after each new day (the
        // token expired overnight); never a force refresh, never /cgi-bin/token.
        var tokenBound = 1 + WeChatFaultMix.Injected(wechat, StandInFault.ErrCode(40001)) + newDays;
        var tokenCalls = wechat.CallCount(WeChatFaultMix.StableTokenPath);
        output.WriteLine($"{runs} runs, {injected.Count} faults ({string.Join(", ", injected.GroupBy(i => i.Fault).Select(g => $"{g.Key}: {g.Count()}"))}); " +
            $"sent {sent.Count}, failed {failed.Count}, skipped {skipped.Count}, unconfirmed {unconfirmed.Count}; stable_token {tokenCalls} of at most {tokenBound}");
        Assert.InRange(tokenCalls, 1, tokenBound);
        Assert.Equal(0, wechat.ForceRefreshCount);
        Assert.Equal(0, wechat.CallCount(WeChatFaultMix.TokenPath));

        async Task<bool> IsCompletedAsync() => (await notices.GetAsync(id)).GetProperty("status").GetString() == "completed";
    }
}
