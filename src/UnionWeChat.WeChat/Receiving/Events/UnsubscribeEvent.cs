namespace UnionWeChat.WeChat.Receiving;

/// <summary>A user unfollowed the account (<c>Event=unsubscribe</c>).</summary>
public sealed record UnsubscribeEvent : EventMessage;
