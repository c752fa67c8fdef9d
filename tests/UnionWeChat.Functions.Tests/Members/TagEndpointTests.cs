using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Tests.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Members;

/// <summary>The staff tag API writes through to WeChat: what staff set is what the fake WeChat server holds.</summary>
public sealed class TagEndpointTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string BatchTaggingPath = "/cgi-bin/tags/members/batchtagging";

    [Fact]
    public async Task Tags_set_through_the_API_appear_at_WeChat_and_read_back()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var worker = (await notices.FollowersAsync(1, "oWorker", tags: "快递员")).Single();
        notices.WeChat.State.AddFollower("oSomeoneElse000000000000", tags: ["一线职工", "女职工"]);
        var staff = notices.Staff("tina");

        using var put = await staff.PutAsJsonAsync($"/api/staff/followers/{worker}/tags", new { tags = new[] { "一线职工", "女职工" } });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var wechat = notices.WeChat.State;
        Assert.Equal(new[] { wechat.TagId("一线职工")!.Value, wechat.TagId("女职工")!.Value }.Order(), wechat.TagIdsOf(worker));
        var read = await notices.Staff("vic").GetFromJsonAsync<JsonElement>($"/api/staff/followers/{worker}/tags");
        Assert.Equal(new[] { "一线职工", "女职工" }.Order(StringComparer.Ordinal), read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        var all = await notices.Staff("vic").GetFromJsonAsync<JsonElement[]>("/api/staff/tags");
        Assert.Equal(0, all!.Single(t => t.GetProperty("name").GetString() == "快递员").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task An_unknown_tag_or_follower_is_refused_and_nothing_changes_at_WeChat()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var worker = (await notices.FollowersAsync(1, "oWorker", tags: "快递员")).Single();
        var staff = notices.Staff("tina");
        var before = notices.WeChat.State.TagIdsOf(worker);

        using var unknownTag = await staff.PutAsJsonAsync($"/api/staff/followers/{worker}/tags", new { tags = new[] { "没有的标签" } });
        using var unknownFollower = await staff.PutAsJsonAsync("/api/staff/followers/oNobody00000000000000000/tags", new { tags = new[] { "快递员" } });
        using var listWithStranger = await staff.PostAsJsonAsync($"/api/staff/tags/{Uri.EscapeDataString("快递员")}/followers", new { openIds = new[] { "oNobody00000000000000000" } });

        Assert.Equal(HttpStatusCode.BadRequest, unknownTag.StatusCode);
        Assert.Contains("没有的标签", await unknownTag.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownFollower.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, listWithStranger.StatusCode);
        Assert.Equal(before, notices.WeChat.State.TagIdsOf(worker));
        Assert.Equal(0, notices.WeChat.State.CallCount(BatchTaggingPath));
    }

    [Fact]
    public async Task Tagging_many_followers_goes_to_WeChat_in_calls_of_at_most_50()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var workers = await notices.FollowersAsync(120, "oMany");
        notices.WeChat.State.AddFollower("oSeed0000000000000000000", tags: ["一线职工"]);

        using var response = await notices.Staff("tina").PostAsJsonAsync($"/api/staff/tags/{Uri.EscapeDataString("一线职工")}/followers", new { openIds = workers });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // 120 openids: 50 + 50 + 20; the stand-in refuses a call of more than 50 with 40032.
        Assert.Equal(3, notices.WeChat.State.CallCount(BatchTaggingPath));
        var tagId = notices.WeChat.State.TagId("一线职工")!.Value;
        Assert.All(workers, w => Assert.Contains(tagId, notices.WeChat.State.TagIdsOf(w)));
    }

    [Fact]
    public async Task A_viewer_may_read_tags_but_not_write_them()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var worker = (await notices.FollowersAsync(1, "oWorker", tags: "快递员")).Single();

        using var put = await notices.Staff("vic").PutAsJsonAsync($"/api/staff/followers/{worker}/tags", new { tags = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.NotEmpty(notices.WeChat.State.TagIdsOf(worker));
    }
}
