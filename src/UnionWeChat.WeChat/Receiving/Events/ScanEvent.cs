namespace UnionWeChat.WeChat.Receiving;

/// <summary>A follower scanned a parameterised QR code (<c>Event=SCAN</c>); EventKey is the scene value, unprefixed.</summary>
public sealed record ScanEvent : EventMessage
{
    /// <summary>The QR code ticket.</summary>
    public required string Ticket { get; init; }
}
