namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A user followed the account (<c>Event=subscribe</c>), possibly by scanning a parameterised QR code, in which
/// case EventKey is <c>qrscene_</c> + the scene value and a Ticket is sent.
/// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
/// </summary>
public sealed record SubscribeEvent : EventMessage
{
    /// <summary>The QR code scene value with the <c>qrscene_</c> prefix removed; null for a plain follow.</summary>
    public string? SceneKey { get; init; }

    /// <summary>The QR code ticket; null for a plain follow.</summary>
    public string? Ticket { get; init; }
}
