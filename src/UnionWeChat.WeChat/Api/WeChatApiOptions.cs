namespace UnionWeChat.WeChat.Api;

/// <summary>
/// Settings for the active WeChat API (bound from the <c>WeChat</c> configuration section, e.g. <c>WeChat__AppId</c>).
/// Defaults are written next to each property; <see cref="Validate"/> checks the ranges.
/// </summary>
public sealed class WeChatApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "WeChat";

    /// <summary>The official account's AppID (<c>WeChat__AppId</c>). Required.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The official account's AppSecret (<c>WeChat__AppSecret</c>). Required; never logged.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Base URL of WeChat's API servers. Default <c>https://api.weixin.qq.com</c>; a stand-in in tests and development.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.weixin.qq.com");

    /// <summary>Where the OAuth2 authorize page lives. Default <c>https://open.weixin.qq.com/connect/oauth2/authorize</c>.</summary>
    public Uri OAuthAuthorizeUrl { get; set; } = new("https://open.weixin.qq.com/connect/oauth2/authorize");

    /// <summary>How long one HTTP exchange may take before it counts as timed out. Default 10 s; 10 ms to 2 min.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one media download. Default 60 s; 10 ms to 10 min.</summary>
    public TimeSpan MediaDownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest media file accepted from <c>/cgi-bin/media/get</c>. Default 20 MiB (WeChat's limit is 10 MB per file).</summary>
    public long MaxMediaBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Retries after the first attempt for retryable failures (-1, HTTP 5xx, network). Default 3; 0 to 10.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles each retry, with jitter. Default 200 ms; 0 to 30 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Renew the access token this long before it expires. Default 5 min (WeChat itself rotates 5 min early); 0 to 30 min.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the cross-instance refresh lease is held. Default 15 s; 1 s to 5 min.</summary>
    public TimeSpan TokenLeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an instance that lost the lease waits for the winner's token to appear in the store.
    /// Default 20 s; at least <see cref="TokenLeaseDuration"/>, so a crashed winner's lease can lapse and be taken over.
    /// </summary>
    public TimeSpan TokenWaitTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Problems with these settings as (configuration key, message) pairs; empty when valid.</summary>
    public IReadOnlyList<(string Key, string Message)> Validate()
    {
        var problems = new List<(string Key, string Message)>();
        if (string.IsNullOrWhiteSpace(AppId) || AppId.Any(char.IsWhiteSpace))
        {
            problems.Add(("WeChat__AppId", "The official account's AppID is required (mp.weixin.qq.com → 设置与开发 → 基本配置)."));
        }

        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            problems.Add(("WeChat__AppSecret", "The official account's AppSecret is required."));
        }

        if (ApiBaseUrl is null || !ApiBaseUrl.IsAbsoluteUri || (ApiBaseUrl.Scheme != Uri.UriSchemeHttps && ApiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add(("WeChat__ApiBaseUrl", "Must be an absolute http(s) URL, e.g. https://api.weixin.qq.com."));
        }

        if (OAuthAuthorizeUrl is null || !OAuthAuthorizeUrl.IsAbsoluteUri)
        {
            problems.Add(("WeChat__OAuthAuthorizeUrl", "Must be an absolute URL."));
        }

        CheckRange(problems, "WeChat__RequestTimeout", RequestTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));
        CheckRange(problems, "WeChat__MediaDownloadTimeout", MediaDownloadTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        CheckRange(problems, "WeChat__RetryBaseDelay", RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        CheckRange(problems, "WeChat__TokenRefreshMargin", TokenRefreshMargin, TimeSpan.Zero, TimeSpan.FromMinutes(30));
        CheckRange(problems, "WeChat__TokenLeaseDuration", TokenLeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        CheckRange(problems, "WeChat__TokenWaitTimeout", TokenWaitTimeout, TokenLeaseDuration, TimeSpan.FromMinutes(10));
        if (MaxRetries is < 0 or > 10)
        {
            problems.Add(("WeChat__MaxRetries", "Must be between 0 and 10."));
        }

        if (MaxMediaBytes is < 1024 or > 100L * 1024 * 1024)
        {
            problems.Add(("WeChat__MaxMediaBytes", "Must be between 1 KiB and 100 MiB."));
        }

        return problems;
    }

    private static void CheckRange(List<(string, string)> problems, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            problems.Add((key, $"Must be between {min} and {max}."));
        }
    }
}
