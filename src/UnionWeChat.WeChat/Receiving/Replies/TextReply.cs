namespace UnionWeChat.WeChat.Receiving;

/// <summary>A text reply. Newlines are shown as line breaks.</summary>
public sealed record TextReply(string Content) : Reply
{
    public override string MsgType => "text";
}
