namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// A message or event type this library does not model. Not an error: WeChat adds types over time, and the
/// account should answer "success" to them. Everything sent is in <see cref="IncomingMessage.Fields"/>.
/// </summary>
public sealed record UnknownMessage : IncomingMessage
{
    /// <summary>The <c>Event</c> element, for an unknown event; otherwise null.</summary>
    public string? Event { get; init; }

    /// <summary>The <c>EventKey</c> element if present; otherwise null.</summary>
    public string? EventKey { get; init; }

    /// <summary>The <c>MsgId</c> element if present; otherwise null.</summary>
    public string? MsgId { get; init; }

    /// <inheritdoc />
    public override string DedupeKey => !string.IsNullOrEmpty(MsgId)
        ? MessageKey(FromUserName, MsgId)
        : EventKeyOf(FromUserName, CreateTimeUnix, Event ?? MsgType, EventKey ?? string.Empty);
}
