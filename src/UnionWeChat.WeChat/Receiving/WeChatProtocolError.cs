namespace UnionWeChat.WeChat.Receiving;

/// <summary>Why a push from WeChat (or something claiming to be WeChat) was refused.</summary>
public enum WeChatProtocolError
{
    /// <summary>The <c>signature</c> query parameter does not match sha1(sort(token, timestamp, nonce)).</summary>
    BadSignature,

    /// <summary>The <c>msg_signature</c> does not match sha1(sort(token, timestamp, nonce, Encrypt)).</summary>
    BadMessageSignature,

    /// <summary>The appid inside the decrypted payload is not this account's appid.</summary>
    BadAppId,

    /// <summary>The body is not the XML WeChat sends (syntax, root, missing or unparseable fields, bad UTF-8).</summary>
    Malformed,

    /// <summary>The body is over the configured size limit; it was not parsed.</summary>
    TooLarge,

    /// <summary>The body carries a DTD (and so possibly entity declarations); DTDs are never processed.</summary>
    DtdProhibited,

    /// <summary>The encrypted payload cannot be decrypted: bad base64, length, padding or length field.</summary>
    Decryption,

    /// <summary>A query parameter the mode requires is absent.</summary>
    MissingParameter,
}
