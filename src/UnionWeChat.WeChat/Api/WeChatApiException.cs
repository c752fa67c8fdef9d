namespace UnionWeChat.WeChat.Api;

/// <summary>A WeChat API call failed. <see cref="Kind"/> says what to do about it.</summary>
public sealed class WeChatApiException : Exception
{
    /// <summary>Creates an exception for a WeChat errcode or a transport failure.</summary>
    public WeChatApiException(int errCode, string errMsg, WeChatErrorKind kind, string? path = null, int? httpStatus = null, Exception? innerException = null)
        : base(Describe(errCode, errMsg, kind, path), innerException)
    {
        ErrCode = errCode;
        ErrMsg = errMsg;
        Kind = kind;
        Path = path;
        HttpStatus = httpStatus;
    }

    /// <summary>WeChat's errcode; -1 for transport failures (HTTP status, network, timeout), as WeChat uses -1 for "busy".</summary>
    public int ErrCode { get; }

    /// <summary>WeChat's errmsg, or a description of the transport failure.</summary>
    public string ErrMsg { get; }

    /// <summary>What the failure means for the caller.</summary>
    public WeChatErrorKind Kind { get; }

    /// <summary>The API path called, e.g. <c>/cgi-bin/message/custom/send</c>.</summary>
    public string? Path { get; }

    /// <summary>The HTTP status when WeChat answered with a non-success status.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// An earlier attempt of this call lost its answer (a timeout, or a connection broken after the request went
    /// out), so WeChat may have carried it out although the call failed in the end: a send may have been delivered.
    /// </summary>
    public bool MayHaveTakenEffect { get; internal set; }

    /// <summary>Set when the failure already went through its retries (a token fetch), so an enclosing call must not repeat it.</summary>
    internal bool RetriesSpent { get; set; }

    /// <summary>Creates an exception from an errcode using <see cref="WeChatErrorCodes.KindOf"/>.</summary>
    public static WeChatApiException FromErrCode(int errCode, string errMsg, string path) =>
        new(errCode, errMsg, WeChatErrorCodes.KindOf(errCode), path);

    private static string Describe(int errCode, string errMsg, WeChatErrorKind kind, string? path)
    {
        var where = path is null ? "WeChat API" : $"WeChat {path}";
        var text = $"{where} failed ({kind}): errcode {errCode}, {errMsg}";
        return kind switch
        {
            WeChatErrorKind.IpNotWhitelisted => text +
                ". This server's outbound IP is not in the official account's IP whitelist: add it in the WeChat admin console " +
                "(mp.weixin.qq.com → 设置与开发 → 基本配置 → IP白名单); changes take a few minutes to apply.",
            WeChatErrorKind.Timeout => text + ". The call may still have taken effect at WeChat.",
            _ => text,
        };
    }
}
