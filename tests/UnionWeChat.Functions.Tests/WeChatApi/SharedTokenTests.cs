using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.WeChatApi;

/// <summary>The access token is shared through Table Storage: two instances on a cold start fetch it once.</summary>
public sealed class SharedTokenTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Fifty_concurrent_calls_on_two_cold_instances_make_one_stable_token_request()
    {
        await using var wechat = await FakeWeChatServer.StartAsync();
        var prefix = "tok" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new AppFactory(azurite.ConnectionString, wechat.BaseUrl.ToString()).With("Storage:TablePrefix", prefix);
        await using var second = new AppFactory(azurite.ConnectionString, wechat.BaseUrl.ToString()).With("Storage:TablePrefix", prefix);
        var clients = new[] { first, second }.Select(app => app.Services.GetRequiredService<WeChatApiClient>()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => clients[i % 2].GetTagsAsync(CancellationToken.None)));

        Assert.Equal(1, wechat.State.CallCount("/cgi-bin/stable_token"));
        Assert.Equal(50, wechat.State.CallCount("/cgi-bin/tags/get"));
    }
}
