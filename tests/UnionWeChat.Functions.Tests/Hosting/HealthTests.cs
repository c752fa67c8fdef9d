using System.Net;
using System.Text.Json;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_follows_storage_down_and_back_up_without_a_restart()
    {
        await using var azurite = await AzuriteProcess.StartNewAsync();
        await using var app = new AppFactory(azurite.ConnectionString);
        using var client = app.CreateClient();

        var (status, body) = await GetHealthAsync(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("storage").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));

        await azurite.StopAsync();
        Assert.True(await ReportsAsync(client, HttpStatusCode.ServiceUnavailable, "unreachable"), "health did not turn 503");

        await azurite.StartAsync();
        Assert.True(await ReportsAsync(client, HttpStatusCode.OK, "reachable"), "health did not come back");
    }

    // The probe remembers a result for 2 s; the issue allows 5 s. The deadline is generous: this waits, it does not time.
    private static Task<bool> ReportsAsync(HttpClient client, HttpStatusCode expected, string storage) =>
        Eventually.HoldsAsync(async () =>
        {
            var (status, body) = await GetHealthAsync(client);
            return status == expected && body.GetProperty("storage").GetString() == storage;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));

    private static async Task<(HttpStatusCode, JsonElement)> GetHealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/health");
        var json = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(json).RootElement.Clone());
    }
}
