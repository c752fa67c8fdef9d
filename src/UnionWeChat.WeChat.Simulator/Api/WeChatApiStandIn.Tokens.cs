using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// Stable access tokens, as https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken describes:
// normal mode returns the same token while it is valid and issues the next one 5 minutes before expiry (the old
// one stays valid until it expires); force_refresh invalidates the old token, at most 20 a day and 30 s apart.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan EarlyRotation = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _forceRefreshes = [];
    private IssuedToken? _latestToken;

    /// <summary>Successful <c>force_refresh=true</c> calls so far.</summary>
    public int ForceRefreshCount
    {
        get
        {
            lock (_gate)
            {
                return _forceRefreshes.Count;
            }
        }
    }

    /// <summary>
    /// Invalidates every issued token (as an AppSecret reset would): calls with them get 40001, and the next
    /// normal-mode stable_token issues a new one.
    /// </summary>
    public void InvalidateAccessTokens()
    {
        lock (_gate)
        {
            foreach (var token in _tokens.Values)
            {
                token.Revoked = true;
            }

            _latestToken = null;
        }
    }

    /// <summary>0 if <paramref name="accessToken"/> may call the API now; else 41001, 40001 or 42001.</summary>
    internal int CheckAccessToken(string? accessToken)
    {
        if (string.IsNullOrEmpty(accessToken))
        {
            return 41001;
        }

        lock (_gate)
        {
            if (!_tokens.TryGetValue(accessToken, out var token) || token.Revoked)
            {
                return 40001;
            }

            return Time.GetUtcNow() >= token.ExpiresAt ? 42001 : 0;
        }
    }

    internal JsonObject StableToken(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireString(body, "grant_type", 40002, out var grantType)) != 0 || grantType != "client_credential")
        {
            return StandInReplies.Error(code == 0 ? 40002 : code);
        }

        if ((code = CheckCredentials(body)) != 0)
        {
            return StandInReplies.Error(code);
        }

        var force = false;
        if (body.TryGetProperty("force_refresh", out var forceField) && forceField.ValueKind != JsonValueKind.Null)
        {
            if (forceField.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return StandInReplies.Error(StandInBody.DataFormatError);
            }

            force = forceField.GetBoolean();
        }

        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (force)
            {
                _forceRefreshes.RemoveAll(at => now - at >= TimeSpan.FromDays(1));
                // The docs state the limit but not the errcode; the stand-in answers 45009, WeChat's quota code.
                if (_forceRefreshes.Count >= 20 || _forceRefreshes.Any(at => now - at < TimeSpan.FromSeconds(30)))
                {
                    return StandInReplies.Error(45009);
                }

                _forceRefreshes.Add(now);
                foreach (var old in _tokens.Values)
                {
                    old.Revoked = true;
                }

                _latestToken = null;
            }

            if (_latestToken is null || _latestToken.Revoked || now >= _latestToken.ExpiresAt - EarlyRotation)
            {
                _latestToken = new IssuedToken(NewTokenValue(), now + Options.TokenLifetime);
                _tokens[_latestToken.Value] = _latestToken;
            }

            return new JsonObject
            {
                ["access_token"] = _latestToken.Value,
                ["expires_in"] = (int)Math.Ceiling((_latestToken.ExpiresAt - now).TotalSeconds),
            };
        }
    }

    private int CheckCredentials(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireString(body, "appid", 41002, out var appId)) != 0)
        {
            return code;
        }

        if ((code = StandInBody.RequireString(body, "secret", 41004, out var secret)) != 0)
        {
            return code;
        }

        return CheckCredentials(appId, secret);
    }

    private int CheckCredentials(string appId, string secret)
    {
        if (Options.AppId is not null && appId != Options.AppId)
        {
            return 40013;
        }

        return Options.AppSecret is not null && secret != Options.AppSecret ? 40125 : 0;
    }

    private static string NewTokenValue() =>
        "standin_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private sealed class IssuedToken(string value, DateTimeOffset expiresAt)
    {
        public string Value { get; } = value;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Revoked { get; set; }
    }
}
