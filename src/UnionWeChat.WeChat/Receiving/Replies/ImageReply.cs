namespace UnionWeChat.WeChat.Receiving;

/// <summary>An image reply; the image must have been uploaded as media first.</summary>
public sealed record ImageReply(string MediaId) : Reply
{
    public override string MsgType => "image";
}
