namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A passive reply to a push, written by <see cref="ReplyWriter"/>. When there is nothing to say, answer
/// <see cref="ReplyWriter.Success"/> instead.
/// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
/// </summary>
public abstract record Reply
{
    /// <summary>The reply's <c>MsgType</c>.</summary>
    public abstract string MsgType { get; }
}
