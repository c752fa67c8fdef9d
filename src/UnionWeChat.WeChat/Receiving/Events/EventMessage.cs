namespace UnionWeChat.WeChat.Receiving;

/// <summary>An event push (<c>MsgType=event</c>): a follow, a menu tap, a job report, ….</summary>
public abstract record EventMessage : IncomingMessage
{
    /// <summary>The <c>Event</c> element as sent (<c>subscribe</c>, <c>CLICK</c>, …).</summary>
    public required string Event { get; init; }

    /// <summary>The <c>EventKey</c> element as sent; empty when absent.</summary>
    public required string EventKey { get; init; }

    /// <inheritdoc />
    public override string DedupeKey => EventKeyOf(FromUserName, CreateTimeUnix, Event, EventKey);
}
