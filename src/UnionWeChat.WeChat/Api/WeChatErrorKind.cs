namespace UnionWeChat.WeChat.Api;

/// <summary>What a failed WeChat call means for the caller.</summary>
public enum WeChatErrorKind
{
    /// <summary>Busy (-1), rate-limited (45011), HTTP 5xx or a network error before the request was sent: try again later.</summary>
    Retryable,

    /// <summary>The access token was rejected (40001, 40014, 42001) even after one refresh.</summary>
    TokenRejected,

    /// <summary>A daily API quota is used up (45009); WeChat resets it daily.</summary>
    QuotaExhausted,

    /// <summary>Outside the customer-service window or its message allowance (45015, 45047): use a template message.</summary>
    OutsideServiceWindow,

    /// <summary>The user does not follow the account (43004).</summary>
    NotFollowing,

    /// <summary>Any other error (40003, 45028, 89503, bad arguments...): retrying will not help.</summary>
    Permanent,

    /// <summary>This server's IP is not in the account's IP whitelist (40164): a configuration problem.</summary>
    IpNotWhitelisted,

    /// <summary>No answer in time, or the connection broke after the request was sent: the call may have taken effect.</summary>
    Timeout,
}
