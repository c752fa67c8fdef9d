using System.Text.Json;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

public sealed class NoticeReportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Template_delivery_reports_update_the_figures_once_each()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(3);
        var id = await notices.CreateAsync(NoticeHarness.Template(members));
        await notices.SendAsync();
        string MsgId(string openId) => notices.WeChat.State.MessagesFor(openId).Single().Id.ToString();

        await notices.PushEventAsync(members[0], "TEMPLATESENDJOBFINISH", ("MsgID", MsgId(members[0])), ("Status", "success"));
        await notices.PushEventAsync(members[1], "TEMPLATESENDJOBFINISH", ("MsgID", MsgId(members[1])), ("Status", "failed:user block"));
        await notices.PushEventAsync(members[0], "TEMPLATESENDJOBFINISH", ("MsgID", MsgId(members[0])), ("Status", "success"));
        await notices.PushEventAsync(members[2], "TEMPLATESENDJOBFINISH", ("MsgID", "123"), ("Status", "success"));

        var notice = await notices.GetAsync(id);
        Assert.Equal((1, 1), (NoticeHarness.Count(notice, "delivered"), NoticeHarness.Count(notice, "deliveryFailed")));
        var row = await notices.Service<OutboxStore>().GetAsync(NoticeKeys.Partition(id, NoticeKeys.BucketOf(members[1], 4)), members[1], CancellationToken.None);
        Assert.Equal("failed:user block", row!.Delivery);
    }

    [Fact]
    public async Task A_mass_send_report_shows_wechats_figures_in_the_progress()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var members = await notices.FollowersAsync(3);
        var id = await notices.CreateAsync(new { title = "会员日", body = "本月会员日活动", audience = new { kind = "openids", openIds = members }, channel = "mass" });
        await notices.SendAsync();
        var msgId = notices.WeChat.State.Sends[0].Id;

        await notices.PushEventAsync("oSystemMassReporter000000001", "MASSSENDJOBFINISH",
            ("MsgID", msgId), ("Status", "send success"), ("TotalCount", 3), ("FilterCount", 3), ("SentCount", 2), ("ErrorCount", 1));

        var progress = (await notices.GetAsync(id)).GetProperty("progress");
        Assert.Equal((2, 1), (progress.GetProperty("delivered").GetInt32(), progress.GetProperty("deliveryFailed").GetInt32()));
        var job = Assert.Single(progress.GetProperty("massJobs").EnumerateArray());
        Assert.Equal(("send success", 3), (job.GetProperty("status").GetString(), job.GetProperty("filterCount").GetInt32()));
    }
}
