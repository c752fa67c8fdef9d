using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// OAuth2 snsapi_base (api_snsaccesstoken): a code works once and expires 5 minutes after it was issued;
// an unknown or expired code is 40029, a used one 40163.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan OAuthCodeLifetime = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, OAuthCode> _oauthCodes = new(StringComparer.Ordinal);

    /// <summary>Issues a single-use OAuth code for <paramref name="openId"/>, as WeChat does when the user opens an authorize URL.</summary>
    public string IssueOAuthCode(string openId)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        lock (_gate)
        {
            _oauthCodes[code] = new OAuthCode(openId, Time.GetUtcNow());
        }

        return code;
    }

    internal JsonObject OAuthAccessToken(string? appId, string? secret, string? code, string? grantType)
    {
        if (string.IsNullOrEmpty(appId))
        {
            return StandInReplies.Error(41002);
        }

        if (string.IsNullOrEmpty(secret))
        {
            return StandInReplies.Error(41004);
        }

        int credentials;
        if ((credentials = CheckCredentials(appId, secret)) != 0)
        {
            return StandInReplies.Error(credentials);
        }

        if (grantType != "authorization_code")
        {
            return StandInReplies.Error(40002);
        }

        if (string.IsNullOrEmpty(code))
        {
            return StandInReplies.Error(41008);
        }

        lock (_gate)
        {
            if (!_oauthCodes.TryGetValue(code, out var issued) || Time.GetUtcNow() - issued.IssuedAt >= OAuthCodeLifetime)
            {
                return StandInReplies.Error(40029);
            }

            if (issued.Used)
            {
                return StandInReplies.Error(40163);
            }

            issued.Used = true;
            return new JsonObject
            {
                ["access_token"] = "standin_oauth_" + Guid.NewGuid().ToString("N"),
                ["expires_in"] = 7200,
                ["refresh_token"] = "standin_refresh_" + Guid.NewGuid().ToString("N"),
                ["openid"] = issued.OpenId,
                ["scope"] = "snsapi_base",
            };
        }
    }

    private sealed class OAuthCode(string openId, DateTimeOffset issuedAt)
    {
        public string OpenId { get; } = openId;

        public DateTimeOffset IssuedAt { get; } = issuedAt;

        public bool Used { get; set; }
    }
}
