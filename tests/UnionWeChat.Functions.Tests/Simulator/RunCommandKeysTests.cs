using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>
/// The README's run command gives a laptop what a poll or notice to everyone needs: two admin keys, each printed
/// with which one it is, so one admin creates and the other approves; and the announcement reaches the simulator's
/// members with a vote link to the app's own address.
/// </summary>
public sealed class RunCommandKeysTests
{
    [Fact]
    public async Task The_run_command_prints_two_admin_keys_the_second_approves_a_poll_to_everyone_and_its_announcement_carries_a_local_vote_link()
    {
        await using var run = await RunCommand.StartAsync();
        Assert.Contains("第一位管理员密钥", run.Output, StringComparison.Ordinal);
        Assert.Contains("第二位管理员密钥", run.Output, StringComparison.Ordinal);
        Assert.NotEqual(run.AdminKey, run.SecondAdminKey);
        using var first = Client(run, run.AdminKey);
        using var second = Client(run, run.SecondAdminKey);

        var me1 = await JsonAsync(await first.GetAsync("api/staff/me"));
        var me2 = await JsonAsync(await second.GetAsync("api/staff/me"));
        Assert.True(me1.GetProperty("isAdmin").GetBoolean());
        Assert.True(me2.GetProperty("isAdmin").GetBoolean());
        Assert.NotEqual(me1.GetProperty("name").GetString(), me2.GetProperty("name").GetString());

        // Two members follow in the simulator (a mass send by openid needs at least two).
        using var page = new HttpClient { BaseAddress = run.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var member in Members)
        {
            using var followed = await page.PostAsJsonAsync("dev/wechat/send", new { openId = member, nickname = "师傅", type = "follow" });
            Assert.True(followed.IsSuccessStatusCode, await followed.Content.ReadAsStringAsync());
        }

        var now = TimeProvider.System.GetUtcNow();
        var created = await JsonAsync(await first.PostAsJsonAsync("api/staff/polls", new
        {
            title = "职工之家活动时间",
            options = new[] { "周六上午", "周日下午" },
            audience = "all",
            opensAt = now.AddSeconds(5),
            closesAt = now.AddDays(2),
            channel = "mass",
        }));
        var id = created.GetProperty("id").GetString();

        using var own = await first.PostAsync($"api/staff/polls/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        var approved = await JsonAsync(await second.PostAsync($"api/staff/polls/{id}/approve", null));
        Assert.Equal(me2.GetProperty("name").GetString(), approved.GetProperty("approvedBy").GetString());

        // The polls timer opens it and the notices timer mass-sends the announcement (each fires every minute).
        var link = run.BaseUrl.AbsoluteUri + "api/vote/" + id;
        var announced = await Eventually.HoldsAsync(async () =>
        {
            var inbox = JsonDocument.Parse(await page.GetStringAsync($"dev/wechat/inbox?openId={Members[0]}")).RootElement;
            return inbox.GetProperty("entries").EnumerateArray().Any(e =>
                e.GetProperty("text").GetString()?.Contains(link, StringComparison.Ordinal) == true);
        }, TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(2));
        Assert.True(announced, $"no announcement with {link} reached the member:\n" + run.Output);
    }

    private static readonly string[] Members = ["oRunKeysMember000000000001", "oRunKeysMember000000000002"];

    private static HttpClient Client(RunCommand run, string key)
    {
        var http = new HttpClient { BaseAddress = run.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
