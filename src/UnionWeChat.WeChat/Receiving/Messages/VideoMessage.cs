namespace UnionWeChat.WeChat.Receiving;

/// <summary>A video message (<c>MsgType=video</c>).</summary>
public sealed record VideoMessage : OrdinaryMessage
{
    /// <summary>The temporary media id of the video.</summary>
    public required string MediaId { get; init; }

    /// <summary>The temporary media id of its thumbnail.</summary>
    public required string ThumbMediaId { get; init; }
}
