using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class WeChatApiOAuthAndMediaTests
{
    private const string OAuthPath = "/sns/oauth2/access_token";

    [Fact]
    public async Task The_OAuth_url_asks_for_snsapi_base_and_ends_with_wechat_redirect()
    {
        await using var api = await ApiHarness.StartAsync();

        var url = api.Client.BuildOAuthUrl(new Uri("https://union.example.org/vote?poll=7"), "poll7");

        Assert.StartsWith(new Uri(api.Server.BaseUrl, "connect/oauth2/authorize").AbsoluteUri + "?appid=" + FakeWeChatServer.AppId, url, StringComparison.Ordinal);
        Assert.Contains("&redirect_uri=https%3A%2F%2Funion.example.org%2Fvote%3Fpoll%3D7&response_type=code&scope=snsapi_base&state=poll7", url, StringComparison.Ordinal);
        Assert.EndsWith("#wechat_redirect", url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a&b=c")]
    public async Task A_state_with_other_than_letters_and_digits_is_refused(string state)
    {
        await using var api = await ApiHarness.StartAsync();

        Assert.Throws<ArgumentException>(() => api.Client.BuildOAuthUrl(new Uri("https://union.example.org/vote"), state));
    }

    [Fact]
    public async Task An_OAuth_code_gives_the_openid_once_and_is_refused_the_second_time()
    {
        await using var api = await ApiHarness.StartAsync();
        var code = api.State.IssueOAuthCode("o_voter_1");

        var identity = await api.Client.ExchangeOAuthCodeAsync(code);
        var reuse = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.ExchangeOAuthCodeAsync(code));

        Assert.Equal(new OAuthIdentity("o_voter_1", "snsapi_base"), identity);
        Assert.Equal(40163, reuse.ErrCode);
        Assert.Equal(WeChatErrorKind.Permanent, reuse.Kind);
        Assert.Equal(2, api.State.CallCount(OAuthPath));
        Assert.Equal(0, api.State.CallCount("/cgi-bin/stable_token"));
    }

    [Fact]
    public async Task An_OAuth_code_expires_after_five_minutes()
    {
        var clock = new ManualTimeProvider();
        await using var api = await ApiHarness.StartAsync(time: TimeProvider.System, serverTime: clock);
        var fresh = api.State.IssueOAuthCode("o_voter_1");
        var stale = api.State.IssueOAuthCode("o_voter_2");
        clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        var beforeExpiry = await api.Client.ExchangeOAuthCodeAsync(fresh);
        clock.Advance(TimeSpan.FromSeconds(1));

        var expired = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.ExchangeOAuthCodeAsync(stale));

        Assert.Equal("o_voter_1", beforeExpiry.OpenId);
        Assert.Equal(40029, expired.ErrCode);
    }

    [Fact]
    public async Task The_stand_in_authorize_page_redirects_back_with_a_usable_code()
    {
        await using var api = await ApiHarness.StartAsync();
        var url = api.Client.BuildOAuthUrl(new Uri("https://union.example.org/vote"), "s1").Replace("#wechat_redirect", "&openid=o_voter_9", StringComparison.Ordinal);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var response = await noRedirects.GetAsync(new Uri(url));
        var location = response.Headers.Location!;
        var code = location.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("code=", StringComparison.Ordinal))[5..];

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://union.example.org/vote?code=", location.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("&state=s1", location.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("o_voter_9", (await api.Client.ExchangeOAuthCodeAsync(code)).OpenId);
    }

    [Fact]
    public async Task Media_downloads_as_bytes_with_its_content_type()
    {
        await using var api = await ApiHarness.StartAsync();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        api.State.AddMedia("EvidenceMedia_01-x", photo, "image/jpeg");

        var media = await api.Client.DownloadMediaAsync("EvidenceMedia_01-x");

        Assert.Equal(photo, media.Content.ToArray());
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal("EvidenceMedia_01-x.jpg", media.FileName);
    }

    [Fact]
    public async Task An_unknown_media_id_answers_JSON_and_fails_as_40007()
    {
        await using var api = await ApiHarness.StartAsync();

        var failure = await Assert.ThrowsAsync<WeChatApiException>(() => api.Client.DownloadMediaAsync("NoSuchMedia"));

        Assert.Equal(40007, failure.ErrCode);
        Assert.Equal(WeChatErrorKind.Permanent, failure.Kind);
    }

    [Theory]
    [InlineData("../../cgi-bin/menu/delete")]
    [InlineData("abc/def")]
    [InlineData("abc%2F..")]
    [InlineData("abc?x=1")]
    [InlineData("")]
    public async Task A_media_id_that_could_escape_the_path_is_refused_without_a_request(string mediaId)
    {
        await using var api = await ApiHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => api.Client.DownloadMediaAsync(mediaId));

        Assert.Equal(0, api.State.CallCount("/cgi-bin/media/get"));
        Assert.Equal(0, api.State.CallCount("/cgi-bin/stable_token"));
    }
}
