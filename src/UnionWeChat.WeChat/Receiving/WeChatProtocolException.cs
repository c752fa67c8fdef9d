namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// The one exception type that <see cref="WeChatSignature"/>, <see cref="WeChatMessageCrypto"/>,
/// <see cref="WeChatXml"/>, <see cref="IncomingMessageParser"/> and <see cref="PushReceiver"/> throw for bad input.
/// Anything else escaping them on untrusted input is a bug (the fuzz tests hold them to this).
/// Messages never contain the input itself, so they are safe to log.
/// </summary>
public sealed class WeChatProtocolException : Exception
{
    public WeChatProtocolException()
        : this(WeChatProtocolError.Malformed, "The WeChat push was refused.")
    {
    }

    public WeChatProtocolException(string message)
        : this(WeChatProtocolError.Malformed, message)
    {
    }

    public WeChatProtocolException(string message, Exception innerException)
        : this(WeChatProtocolError.Malformed, message, innerException)
    {
    }

    public WeChatProtocolException(WeChatProtocolError reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    /// <summary>Why the input was refused; map it to a 4xx status, never to a 5xx.</summary>
    public WeChatProtocolError Reason { get; }
}
