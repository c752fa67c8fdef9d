using System.Text;

namespace UnionWeChat.WeChat.Api;

// OAuth2 snsapi_base: the vote page learns who opened it. Codes are single-use and expire after 5 minutes, so an
// exchange is never repeated automatically (a repeat would only earn 40163 "code been used").
// https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken
public sealed partial class WeChatApiClient
{
    private const string OAuthTokenPath = "/sns/oauth2/access_token";
    private const int MaxStateBytes = 128;

    /// <summary>
    /// The authorize URL that sends the user back to <paramref name="redirectUri"/> with <c>code</c> and <c>state</c>.
    /// <paramref name="state"/> may hold only letters and digits, at most 128 (WeChat's rule).
    /// </summary>
    public string BuildOAuthUrl(Uri redirectUri, string state)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(state);
        if (!redirectUri.IsAbsoluteUri || (redirectUri.Scheme != Uri.UriSchemeHttps && redirectUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The redirect URI must be an absolute http(s) URL on the account's OAuth domain.", nameof(redirectUri));
        }

        if (state.Length > MaxStateBytes || !state.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("state may hold only letters and digits, at most 128.", nameof(state));
        }

        // Parameter order as in WeChat's docs; #wechat_redirect is required.
        return new StringBuilder(_options.OAuthAuthorizeUrl.GetLeftPart(UriPartial.Path))
            .Append("?appid=").Append(Uri.EscapeDataString(_options.AppId))
            .Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri.AbsoluteUri))
            .Append("&response_type=code&scope=snsapi_base")
            .Append("&state=").Append(state)
            .Append("#wechat_redirect")
            .ToString();
    }

    /// <summary>Exchanges an OAuth2 code for the user's openid. Uses appid/secret, not the access token.</summary>
    public async Task<OAuthIdentity> ExchangeOAuthCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        if (code.Length > 512 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException("Not an OAuth code WeChat would issue.", nameof(code));
        }

        var uri = _transport.BuildUri(OAuthTokenPath, [
            new("appid", _options.AppId),
            new("secret", _options.AppSecret),
            new("code", code),
            new("grant_type", "authorization_code"),
        ]);
        var answer = await _transport.RunAsync(
            OAuthTokenPath,
            CallSafety.NotIdempotent,
            async ct =>
            {
                var root = await _transport.SendJsonAsync(HttpMethod.Get, uri, OAuthTokenPath, body: null, CallSafety.NotIdempotent, ct).ConfigureAwait(false);
                WeChatTransport.ThrowIfError(root, OAuthTokenPath);
                return root;
            },
            cancellationToken).ConfigureAwait(false);

        var openId = StringOf(answer, "openid");
        if (string.IsNullOrEmpty(openId))
        {
            throw new WeChatApiException(-1, "OAuth answer lacks openid", WeChatErrorKind.Permanent, OAuthTokenPath);
        }

        return new OAuthIdentity(openId, StringOf(answer, "scope") ?? "snsapi_base");
    }
}
