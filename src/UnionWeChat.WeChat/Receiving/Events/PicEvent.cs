namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A menu button that sends pictures (<c>Event=pic_sysphoto</c>, <c>pic_photo_or_album</c> or <c>pic_weixin</c>).
/// The pictures themselves arrive afterwards as image messages.
/// </summary>
public sealed record PicEvent : EventMessage
{
    /// <summary><c>SendPicsInfo/Count</c>.</summary>
    public required int Count { get; init; }

    /// <summary>The MD5 of each picture (<c>SendPicsInfo/PicList/item/PicMd5Sum</c>), in order.</summary>
    public required IReadOnlyList<string> PicMd5Sums { get; init; }
}
