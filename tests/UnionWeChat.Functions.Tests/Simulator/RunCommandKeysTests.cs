using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>
/// The README's run command gives a laptop what a poll or notice to everyone needs: two admin keys, each printed
/// with which one it is, so one admin creates and the other approves.
/// </summary>
public sealed class RunCommandKeysTests
{
    [Fact]
    public async Task The_run_command_prints_two_admin_keys_and_the_second_approves_a_poll_to_everyone_the_first_created()
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

        var now = TimeProvider.System.GetUtcNow();
        var created = await JsonAsync(await first.PostAsJsonAsync("api/staff/polls", new
        {
            title = "职工之家活动时间",
            options = new[] { "周六上午", "周日下午" },
            audience = "all",
            opensAt = now.AddDays(1),
            closesAt = now.AddDays(2),
            channel = "none",
        }));
        var id = created.GetProperty("id").GetString();

        using var own = await first.PostAsync($"api/staff/polls/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        var approved = await JsonAsync(await second.PostAsync($"api/staff/polls/{id}/approve", null));
        Assert.Equal(me2.GetProperty("name").GetString(), approved.GetProperty("approvedBy").GetString());
    }

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
