using System.Text.Json;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Notices;

public sealed class NoticeChannelTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static object Mass(IEnumerable<string> openIds, DateTimeOffset? sendAt = null) => new
    {
        title = "金秋助学",
        body = "困难职工子女助学金申请9月30日截止",
        audience = new { kind = "openids", openIds },
        channel = "mass",
        sendAt,
    };

    [Fact]
    public async Task A_mass_notice_goes_out_as_an_openid_list_with_a_clientmsgid_and_counts_against_each_members_month()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(5);
        var id = await notices.CreateAsync(Mass(members));

        await notices.SendAsync();

        Assert.Equal(1, notices.WeChat.State.CallCount(NoticeHarness.MassPath));
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.All(notices.WeChat.State.Sends, s => Assert.Equal(SendChannel.MassByOpenIds, s.Channel));
        var body = JsonDocument.Parse(notices.WeChat.State.Sends[0].BodyJson).RootElement;
        Assert.StartsWith(id + "-", body.GetProperty("clientmsgid").GetString());
        Assert.Contains("金秋助学", body.GetProperty("text").GetProperty("content").GetString());
        var notice = await notices.GetAsync(id);
        Assert.Equal(("completed", 5), (notice.GetProperty("status").GetString(), NoticeHarness.Count(notice, "sent")));
        Assert.Equal(5, Assert.Single(notice.GetProperty("progress").GetProperty("massJobs").EnumerateArray()).GetProperty("recipients").GetInt32());
        var month = await notices.Service<MassBudget>().CountsAsync(NoticeKeys.Month(TimeProvider.System.GetUtcNow()), CancellationToken.None);
        Assert.All(members, m => Assert.Equal(1, month[m]));
    }

    [Fact]
    public async Task Mass_lists_stay_within_the_batch_size_and_none_is_left_with_a_single_openid()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, configure: app => app.With("Notices:MassBatchSize", "4"));
        var members = await notices.FollowersAsync(9);
        await notices.CreateAsync(Mass(members));

        await notices.SendAsync();

        Assert.Equal(3, notices.WeChat.State.CallCount(NoticeHarness.MassPath));
        Assert.All(notices.WeChat.State.Sends.GroupBy(s => s.Id), list => Assert.Equal(3, list.Count()));
        Assert.Equal(members.Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
    }

    [Fact]
    public async Task A_mass_list_accepted_before_a_crash_is_submitted_again_with_its_clientmsgid_and_not_sent_twice()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(5);
        var id = await notices.CreateAsync(Mass(members));
        var release = new TaskCompletionSource();
        var handled = notices.WeChat.State.HoldAnswer(NoticeHarness.MassPath, release.Task);
        using var crash = new CancellationTokenSource();
        var run = notices.SendAsync(ct: crash.Token);
        await handled;
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        release.SetResult();
        Assert.Equal(5, (await notices.RowsAsync(id, RecipientState.Sending)).Count);

        await notices.SendAsync();

        Assert.Equal(2, notices.WeChat.State.CallCount(NoticeHarness.MassPath));
        Assert.Empty(notices.Duplicates());
        Assert.Equal(5, notices.WeChat.State.Sends.Count);
        var notice = await notices.GetAsync(id);
        Assert.Equal(("completed", 5), (notice.GetProperty("status").GetString(), NoticeHarness.Count(notice, "sent")));
        Assert.Equal(notices.WeChat.State.Sends[0].Id, (await notices.RowsAsync(id, RecipientState.Sent))[0].MsgId);
    }

    [Fact]
    public async Task Staff_are_warned_before_a_mass_notice_would_exceed_a_members_monthly_allowance_and_that_member_is_skipped()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock);
        var members = await notices.FollowersAsync(4);
        var budget = notices.Service<MassBudget>();
        foreach (var earlier in new[] { "202611010800aaaaaa", "202611050800bbbbbb", "202611100800cccccc", "202611150800dddddd" })
        {
            await budget.RecordAsync(NoticeKeys.Month(clock.GetUtcNow()), earlier, [members[0]], CancellationToken.None);
        }
        var id = await notices.CreateAsync(Mass(members, sendAt: clock.GetUtcNow().AddHours(1)));

        await notices.SendAsync();

        var waiting = await notices.GetAsync(id);
        Assert.Equal(1, waiting.GetProperty("preflight").GetProperty("overMassBudget").GetInt32());
        Assert.Contains(waiting.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("1 名成员本月已收到 4 次群发"));
        Assert.Empty(notices.WeChat.State.Sends);

        clock.Advance(TimeSpan.FromHours(1));
        await notices.SendAsync();

        Assert.Equal(members.Skip(1).Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        Assert.Equal(AudienceResolver.OverMassBudget, Assert.Single(await notices.RowsAsync(id, RecipientState.Skipped)).Reason);
    }

    [Fact]
    public async Task No_mass_quota_left_stops_the_notice_and_leaves_its_recipients_pending()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(3);
        notices.WeChat.State.FailNext(NoticeHarness.MassPath, WeChatErrorCodes.NoMassSendQuota);
        var id = await notices.CreateAsync(Mass(members));

        var report = Assert.Single(await notices.SendAsync());

        Assert.Equal(NoticeStop.QuotaExhausted, report.Stop);
        Assert.Equal((3, 0), (NoticeHarness.Count(await notices.GetAsync(id), "pending"), notices.WeChat.State.Sends.Count));
        Assert.All(await notices.RowsAsync(id, RecipientState.Pending), r => Assert.Null(r.MassKey));
    }

    [Fact]
    public async Task Custom_messages_reach_only_members_inside_their_service_window()
    {
        var clock = new ManualTimeProvider();
        await using var notices = await NoticeHarness.StartAsync(azurite, clock);
        var members = await notices.FollowersAsync(3);
        // The follow opened a one-minute window; only the member who wrote since has one now.
        clock.Advance(TimeSpan.FromMinutes(5));
        await notices.Service<MemberStore>().RecordInteractionAsync(members[1], InteractionKind.UserMessage, CancellationToken.None);
        notices.WeChat.State.RecordInteraction(members[1], InteractionKind.UserMessage, clock.GetUtcNow());
        var id = await notices.CreateAsync(new
        {
            title = "法律援助进社区",
            body = "本周六上午律师坐班",
            article = new { title = "活动详情", description = "地点与报名方式", url = "https://union.example.cn/legal" },
            audience = new { kind = "openids", openIds = members },
            channel = "custom",
        });

        await notices.SendAsync();

        var sent = Assert.Single(notices.WeChat.State.Sends);
        Assert.Equal((members[1], SendChannel.Custom, "news"), (sent.OpenId, sent.Channel, sent.MsgType));
        var notice = await notices.GetAsync(id);
        Assert.Equal((1, 2), (NoticeHarness.Count(notice, "sent"), NoticeHarness.Count(notice, "skipped")));
        Assert.Equal(1, (await notices.Service<MemberStore>().GetAsync(members[1], CancellationToken.None))!.CustomSentSinceInteraction);
    }
}
