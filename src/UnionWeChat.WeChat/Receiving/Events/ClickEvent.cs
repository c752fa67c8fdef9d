namespace UnionWeChat.WeChat.Receiving;

/// <summary>A tap on a <c>click</c> menu button (<c>Event=CLICK</c>); EventKey is the button's key.</summary>
public sealed record ClickEvent : EventMessage;
