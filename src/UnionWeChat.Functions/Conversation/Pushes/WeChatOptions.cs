using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Conversation;

/// <summary>The official account. Section <c>WeChat</c>; secrets come from Key Vault in Azure.</summary>
public sealed class WeChatOptions : IValidatedOptions
{
    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>The server token set in the WeChat admin console (3–32 letters and digits).</summary>
    public string Token { get; set; } = "";

    /// <summary>43 characters; when set, compatible and safe (encrypted) modes are accepted.</summary>
    public string? EncodingAESKey { get; set; }

    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>WeChat's OAuth2 authorize page (default WeChat's own); the local stand-in's in development.</summary>
    public string OAuthAuthorizeUrl { get; set; } = "https://open.weixin.qq.com/connect/oauth2/authorize";

    /// <summary>Largest push body accepted, in bytes (default 64 KiB; WeChat's own pushes are a few KiB).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a feature may take before the push is answered "success" and the reply sent later (default 4 s; WeChat waits 5 s).</summary>
    public TimeSpan ReplyBudget { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How far a push's timestamp may be from our clock before it counts as a replay (default 5 min).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return new ConfigProblem("WeChat__AppId", "is required");
        }
        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            yield return new ConfigProblem("WeChat__AppSecret", "is required");
        }
        // https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html: token 3–32 characters.
        if (Token.Length is < 3 or > 32 || !Token.All(char.IsAsciiLetterOrDigit))
        {
            yield return new ConfigProblem("WeChat__Token", "must be 3 to 32 ASCII letters and digits");
        }
        if (!string.IsNullOrEmpty(EncodingAESKey) && (EncodingAESKey.Length != 43 || !EncodingAESKey.All(char.IsAsciiLetterOrDigit)))
        {
            yield return new ConfigProblem("WeChat__EncodingAESKey", $"must be 43 letters and digits (got {EncodingAESKey.Length} characters)");
        }
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != "https" && api.Scheme != "http"))
        {
            yield return new ConfigProblem("WeChat__ApiBaseUrl", "must be an absolute http(s) URL");
        }
        if (!Uri.TryCreate(OAuthAuthorizeUrl, UriKind.Absolute, out var authorize) || (authorize.Scheme != "https" && authorize.Scheme != "http"))
        {
            yield return new ConfigProblem("WeChat__OAuthAuthorizeUrl", "must be an absolute http(s) URL");
        }
        if (MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            yield return new ConfigProblem("WeChat__MaxBodyBytes", "must be between 1024 and 1048576");
        }
        if (ReplyBudget <= TimeSpan.Zero || ReplyBudget > TimeSpan.FromSeconds(4.5))
        {
            yield return new ConfigProblem("WeChat__ReplyBudget", "must be more than 0 and at most 00:00:04.5 (WeChat waits 5 s)");
        }
    }
}
