using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Tests.WeChatApi;

/// <summary>An operator tunes the WeChat client with WeChat__ settings, like every other part of the app.</summary>
public sealed class WeChatApiSettingsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Timeouts_and_retries_come_from_the_wechat_settings()
    {
        await using var app = new AppFactory(azurite.ConnectionString, "http://127.0.0.1:9/")
            .With("WeChat:RequestTimeout", "00:00:03")
            .With("WeChat:MaxRetries", "5")
            .With("WeChat:RetryBaseDelay", "00:00:00.500");
        _ = app.Server;

        var options = app.Services.GetRequiredService<IOptions<WeChatApiOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.RetryBaseDelay);
        Assert.Equal(AppFactory.AppId, options.AppId);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), options.ApiBaseUrl);
    }
}
