namespace UnionWeChat.WeChat.Receiving;

/// <summary>A short video message (<c>MsgType=shortvideo</c>).</summary>
public sealed record ShortVideoMessage : OrdinaryMessage
{
    /// <summary>The temporary media id of the video.</summary>
    public required string MediaId { get; init; }

    /// <summary>The temporary media id of its thumbnail.</summary>
    public required string ThumbMediaId { get; init; }
}
