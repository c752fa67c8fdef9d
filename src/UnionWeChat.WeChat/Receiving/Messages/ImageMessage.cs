namespace UnionWeChat.WeChat.Receiving;

/// <summary>An image message (<c>MsgType=image</c>).</summary>
public sealed record ImageMessage : OrdinaryMessage
{
    /// <summary>A link to the image on WeChat's servers.</summary>
    public required string PicUrl { get; init; }

    /// <summary>The temporary media id, to download the image through the media API.</summary>
    public required string MediaId { get; init; }
}
