namespace UnionWeChat.WeChat.Receiving;

/// <summary>Something a user sent (text, image, voice, …): these carry a <see cref="MsgId"/>.</summary>
public abstract record OrdinaryMessage : IncomingMessage
{
    /// <summary>The 64-bit message id as sent (kept as text; empty when WeChat sent none).</summary>
    public required string MsgId { get; init; }

    /// <inheritdoc />
    /// <remarks>Falls back to the event form (with MsgType in place of Event) if a message ever comes without MsgId.</remarks>
    public override string DedupeKey => MsgId.Length > 0
        ? MessageKey(FromUserName, MsgId)
        : EventKeyOf(FromUserName, CreateTimeUnix, MsgType, string.Empty);
}
