namespace UnionWeChat.WeChat.Api;

/// <summary>
/// The errcodes this client acts on, and how each maps to a <see cref="WeChatErrorKind"/>.
/// WeChat answers HTTP 200 with <c>errcode</c>; codes from the per-API pages under
/// https://developers.weixin.qq.com/doc/service/api/ ("错误码" sections).
/// </summary>
public static class WeChatErrorCodes
{
    /// <summary>System busy: try again later.</summary>
    public const int Busy = -1;

    /// <summary>Invalid credential (access_token invalid or not the latest).</summary>
    public const int InvalidCredential = 40001;

    /// <summary>Invalid openid.</summary>
    public const int InvalidOpenId = 40003;

    /// <summary>Invalid access_token.</summary>
    public const int InvalidAccessToken = 40014;

    /// <summary>Caller IP not in the account's whitelist.</summary>
    public const int IpNotWhitelisted = 40164;

    /// <summary>access_token missing.</summary>
    public const int AccessTokenMissing = 41001;

    /// <summary>access_token expired.</summary>
    public const int AccessTokenExpired = 42001;

    /// <summary>The user does not follow the account.</summary>
    public const int RequireSubscribe = 43004;

    /// <summary>Daily API quota reached.</summary>
    public const int DailyQuotaReached = 45009;

    /// <summary>Calls too frequent ("api minute-quota reach limit").</summary>
    public const int TooFrequent = 45011;

    /// <summary>Customer-service window closed (no interaction within the window, or the user unfollowed).</summary>
    public const int ResponseOutOfTimeLimit = 45015;

    /// <summary>No mass-send quota left.</summary>
    public const int NoMassSendQuota = 45028;

    /// <summary>Customer-service message allowance for this window used up.</summary>
    public const int ResponseCountLimit = 45047;

    /// <summary>A mass send with this clientmsgid already exists (the answer carries its msg_id).</summary>
    public const int MassClientMsgIdExists = 45065;

    /// <summary>menu/get: no menu has been created.</summary>
    public const int MenuNotExist = 46003;

    /// <summary>The call needs an administrator's confirmation.</summary>
    public const int NeedsAdminConfirmation = 89503;

    /// <summary>The kind of failure an errcode stands for.</summary>
    public static WeChatErrorKind KindOf(int errCode) => errCode switch
    {
        Busy or TooFrequent => WeChatErrorKind.Retryable,
        InvalidCredential or InvalidAccessToken or AccessTokenExpired => WeChatErrorKind.TokenRejected,
        DailyQuotaReached => WeChatErrorKind.QuotaExhausted,
        ResponseOutOfTimeLimit or ResponseCountLimit => WeChatErrorKind.OutsideServiceWindow,
        RequireSubscribe => WeChatErrorKind.NotFollowing,
        IpNotWhitelisted => WeChatErrorKind.IpNotWhitelisted,
        _ => WeChatErrorKind.Permanent,
    };

    /// <summary>Whether the errcode says the access token itself was refused.</summary>
    public static bool IsTokenRejection(int errCode) =>
        errCode is InvalidCredential or InvalidAccessToken or AccessTokenExpired;
}
