using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>A notice to a WeChat tag reaches the followers WeChat holds in that tag, read at send time.</summary>
public sealed class TagAudienceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string TagFollowersPath = "/cgi-bin/user/tag/get";

    private static object ToTag(string tag, string channel = "template") => new
    {
        title = "快递员专场",
        body = "新就业形态劳动者入会",
        audience = new { kind = "tags", tags = new[] { tag } },
        channel,
        template = channel == "template" ? new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}" } } : null,
    };

    [Fact]
    public async Task A_notice_to_a_tag_reaches_exactly_the_followers_WeChat_holds_in_it_over_several_pages()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite, wechatOptions: o => o.TagFollowerPageSize = 3);
        await notices.FollowersAsync(3, "oOther");
        var drivers = await notices.FollowersAsync(7, "oDriver", tags: "快递员");
        // Tagged at WeChat only (as staff do in the console): our members table knows nothing of it.
        var lateJoiner = (await notices.FollowersAsync(1, "oLate")).Single();
        notices.WeChat.State.AddFollower(lateJoiner, tags: ["快递员"]);
        var id = await notices.CreateAsync(ToTag("快递员"));

        await notices.SendAsync();

        var notice = await notices.GetAsync(id);
        Assert.Equal("completed", notice.GetProperty("status").GetString());
        Assert.Equal(drivers.Append(lateJoiner).Order(), notices.WeChat.State.Sends.Select(s => s.OpenId).Order());
        // 8 followers at 3 a page: 3 pages and the empty one that ends the list, for the preflight and for the send.
        Assert.True(notices.WeChat.State.CallCount(TagFollowersPath) >= 4, $"user/tag/get called {notices.WeChat.State.CallCount(TagFollowersPath)} times");
    }

    [Fact]
    public async Task A_tag_WeChat_does_not_know_is_refused_when_the_notice_is_created()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(2, "oDriver", tags: "快递员");

        using var response = await notices.Staff("tina").PostAsJsonAsync("/api/staff/notices", ToTag("外卖员"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("audience.tags")[0].GetString();
        Assert.Contains("外卖员", error, StringComparison.Ordinal);
        Assert.Contains("unknown WeChat tag", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_with_no_followers_is_refused_as_audience_empty_and_nothing_is_sent()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        var drivers = await notices.FollowersAsync(2, "oDriver", tags: "快递员");
        var id = await notices.CreateAsync(ToTag("快递员"));
        foreach (var driver in drivers)
        {
            // Taken off the tag at WeChat before the notice goes out.
            await notices.Service<UnionWeChat.WeChat.Api.WeChatApiClient>().UntagUsersAsync(notices.WeChat.State.TagId("快递员")!.Value, [driver]);
        }

        await notices.SendAsync();

        var notice = await notices.GetAsync(id);
        Assert.Equal("refused", notice.GetProperty("status").GetString());
        Assert.Equal(NoticeRefusal.AudienceEmptyCode, notice.GetProperty("refusal").GetProperty("code").GetString());
        Assert.Contains("没有可接收的关注者", notice.GetProperty("refusal").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(notices.WeChat.State.Sends);
    }

    [Fact]
    public async Task While_WeChat_is_busy_a_tag_notice_is_answered_503_with_the_reason_and_nothing_is_stored()
    {
        await using var notices = await NoticeHarness.StartAsync(azurite);
        await notices.FollowersAsync(2, "oDriver", tags: "快递员");
        // -1 is WeChat's "system busy"; more failures than the client's retries.
        notices.WeChat.State.FailNext("/cgi-bin/tags/get", -1, times: 10);

        using var response = await notices.Staff("tina").PostAsJsonAsync("/api/staff/notices", ToTag("快递员"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("微信暂时没有应答，请稍后再试", problem.GetProperty("title").GetString());
        Assert.Contains("nothing was changed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await notices.Staff("tina").GetFromJsonAsync<JsonElement>("/api/staff/notices");
        Assert.Equal(0, list.GetArrayLength());
    }
}
