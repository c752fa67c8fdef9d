namespace UnionWeChat.WeChat.Simulator;

/// <summary>Settings of the WeChat API stand-in.</summary>
public sealed class WeChatApiStandInOptions
{
    /// <summary>AppID that stable_token and OAuth accept; null accepts any.</summary>
    public string? AppId { get; set; }

    /// <summary>AppSecret that stable_token and OAuth accept; null accepts any.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Lifetime of an issued access token. Default 7200 s, as WeChat.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>Openids per <c>/cgi-bin/user/get</c> page. Default 10,000, as WeChat; smaller in tests.</summary>
    public int FollowerPageSize { get; set; } = 10_000;

    /// <summary>Openids per <c>/cgi-bin/user/tag/get</c> page. Default 10,000, as WeChat; smaller in tests.</summary>
    public int TagFollowerPageSize { get; set; } = 10_000;

    /// <summary>Refuse custom messages outside the service window (45015/45047). Default true, as WeChat.</summary>
    public bool EnforceServiceWindow { get; set; } = true;

    /// <summary>Largest request body read. Default 2 MiB (a 10,000-openid mass send is about 350 KB).</summary>
    public int MaxBodyBytes { get; set; } = 2 * 1024 * 1024;
}
