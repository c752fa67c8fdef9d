namespace UnionWeChat.WeChat.Receiving;

/// <summary>A tap on a <c>view</c> menu button (<c>Event=VIEW</c>); EventKey is the URL opened.</summary>
public sealed record ViewEvent : EventMessage
{
    /// <summary>Which menu (a conditional menu's id) was tapped; null when not sent.</summary>
    public string? MenuId { get; init; }
}
