namespace UnionWeChat.Functions.Outbound;

/// <summary>How a <see cref="MemberMessage"/> went.</summary>
public enum MemberDelivery
{
    /// <summary>A custom message, inside the member's service window.</summary>
    Custom,

    /// <summary>The template fallback.</summary>
    Template,

    /// <summary>The answer was lost: it may have been delivered, so it was not sent again.</summary>
    Unconfirmed,

    /// <summary>WeChat refused it; nothing was delivered.</summary>
    Refused,

    /// <summary>Not sent: the member opted out (退订) and the message is not essential.</summary>
    OptedOut,

    /// <summary>Not sent: the member has unfollowed.</summary>
    NotFollowing,

    /// <summary>Not sent: outside the window, and no template to fall back on.</summary>
    NoChannel,
}

/// <summary>The delivery and, when WeChat was called, its last answer.</summary>
public sealed record DeliveryReport(MemberDelivery Delivery, SendResult? Send = null)
{
    public bool Delivered => Delivery is MemberDelivery.Custom or MemberDelivery.Template;
}
