using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class WeChatApiOptionsTests
{
    [Fact]
    public void Defaults_with_an_AppId_and_AppSecret_are_valid()
    {
        var options = new WeChatApiOptions { AppId = "wx1234567890abcdef", AppSecret = "secret" };

        Assert.Empty(options.Validate());
        Assert.Equal(new Uri("https://api.weixin.qq.com"), options.ApiBaseUrl);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TokenRefreshMargin);
    }

    [Fact]
    public void Missing_credentials_and_out_of_range_values_are_reported_by_their_configuration_keys()
    {
        var options = new WeChatApiOptions
        {
            ApiBaseUrl = new Uri("/relative", UriKind.Relative),
            MaxRetries = 11,
            RequestTimeout = TimeSpan.Zero,
            TokenLeaseDuration = TimeSpan.FromSeconds(30),
            TokenWaitTimeout = TimeSpan.FromSeconds(10),
        };

        var keys = options.Validate().Select(p => p.Key).ToList();

        Assert.Equal(
            ["WeChat__AppId", "WeChat__AppSecret", "WeChat__ApiBaseUrl", "WeChat__RequestTimeout", "WeChat__TokenWaitTimeout", "WeChat__MaxRetries"],
            keys);
    }

    [Fact]
    public async Task AddWeChatApi_wires_a_working_client_and_refuses_invalid_settings_at_start()
    {
        await using var server = await FakeWeChatServer.StartAsync();
        var settings = server.ClientOptions();
        var store = new InMemoryTokenStoreForTests(TimeProvider.System);
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IAccessTokenStore>(store).AddSingleton<IForceRefreshLedger>(store);
        services.AddWeChatApi(o =>
        {
            o.AppId = settings.AppId;
            o.AppSecret = settings.AppSecret;
            o.ApiBaseUrl = settings.ApiBaseUrl;
        });
        await using var provider = services.BuildServiceProvider();
        server.State.RecordInteraction("o_1", InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());

        await provider.GetRequiredService<WeChatApiClient>().SendCustomTextAsync("o_1", "hello");
        var badServices = new ServiceCollection().AddLogging();
        badServices.AddWeChatApi(o => o.AppId = "");
        await using var bad = badServices.BuildServiceProvider();

        Assert.Single(server.State.MessagesFor("o_1"));
        Assert.Same(provider.GetRequiredService<AccessTokenProvider>(), provider.GetRequiredService<AccessTokenProvider>());
        var failure = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<WeChatApiOptions>>().Value);
        Assert.Contains(failure.Failures, f => f.StartsWith("WeChat__AppId", StringComparison.Ordinal));
    }
}
