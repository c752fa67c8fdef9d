namespace UnionWeChat.WeChat.Receiving;

/// <summary>A video reply; the video must have been uploaded as media first.</summary>
public sealed record VideoReply(string MediaId, string? Title = null, string? Description = null) : Reply
{
    public override string MsgType => "video";
}
