using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>
/// The Development stand-in keeps its followers and tags in storage: after a restart of the app over the same
/// storage (scripts/run again), the members the simulator page shows as 已关注 are still followers at "WeChat".
/// </summary>
public sealed class StandInFollowersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Zhang = "oWorkerKeep00000000000001";
    private const string Li = "oWorkerKeep00000000000002";

    [Fact]
    public async Task Followers_and_their_tags_are_still_at_the_stand_in_after_the_app_starts_again_over_the_same_storage()
    {
        var prefix = "k" + Guid.NewGuid().ToString("N")[..10];
        int? tagId;
        await using (var first = await LiveApp.StartAsync(azurite, f => f.With("Storage:TablePrefix", prefix)))
        {
            await FollowAsync(first, Zhang, "张师傅");
            await FollowAsync(first, Li, "李师傅");
            await SendAsync(first, new { openId = Li, type = "unfollow" });
            // A tag written the way the app writes it: through WeChat's tag API.
            var standIn = first.Get<WeChatApiStandIn>();
            using var wechat = new HttpClient { BaseAddress = first.Url("/dev/wechat-api/") };
            var token = await TokenAsync(wechat);
            var created = await PostJsonAsync(wechat, $"cgi-bin/tags/create?access_token={token}", new { tag = new { name = "一线职工" } });
            tagId = created.GetProperty("tag").GetProperty("id").GetInt32();
            await PostJsonAsync(wechat, $"cgi-bin/tags/members/batchtagging?access_token={token}", new { openid_list = new[] { Zhang }, tagid = tagId });
            Assert.Equal([tagId.Value], standIn.TagIdsOf(Zhang));
        }

        await using var second = await LiveApp.StartAsync(azurite, f => f.With("Storage:TablePrefix", prefix));
        var again = second.Get<WeChatApiStandIn>();

        Assert.Equal(tagId, again.TagId("一线职工"));
        Assert.Equal([tagId!.Value], again.TagIdsOf(Zhang));
        Assert.Equal("张师傅", again.FollowerOf(Zhang)?.Nickname);
        Assert.True(again.FollowerOf(Zhang)?.Following);
        Assert.False(again.FollowerOf(Li)?.Following);
        // What an announcement reads: the follower list and the tag's members.
        using var api = new HttpClient { BaseAddress = second.Url("/dev/wechat-api/") };
        var token2 = await TokenAsync(api);
        var followers = JsonDocument.Parse(await api.GetStringAsync($"cgi-bin/user/get?access_token={token2}")).RootElement;
        Assert.Equal([Zhang], followers.GetProperty("data").GetProperty("openid").EnumerateArray().Select(e => e.GetString()));
        var tagged = await PostJsonAsync(api, $"cgi-bin/user/tag/get?access_token={token2}", new { tagid = tagId });
        Assert.Equal([Zhang], tagged.GetProperty("data").GetProperty("openid").EnumerateArray().Select(e => e.GetString()));
    }

    private static async Task FollowAsync(LiveApp app, string openId, string nickname)
    {
        var result = await SendAsync(app, new { openId, nickname, type = "follow" });
        Assert.True(result.GetProperty("delivered").GetBoolean(), result.ToString());
    }

    private static async Task<JsonElement> SendAsync(LiveApp app, object action)
    {
        using var response = await app.Http.PostAsJsonAsync("/dev/wechat/send", action);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> TokenAsync(HttpClient wechat)
    {
        var token = await PostJsonAsync(wechat, "cgi-bin/stable_token", new { grant_type = "client_credential", appid = AppFactory.AppId, secret = AppFactory.AppSecret });
        return token.GetProperty("access_token").GetString()!;
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(!json.TryGetProperty("errcode", out var code) || code.GetInt32() == 0, json.ToString());
        return json;
    }
}
