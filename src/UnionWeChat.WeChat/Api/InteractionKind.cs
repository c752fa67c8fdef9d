namespace UnionWeChat.WeChat.Api;

/// <summary>A user action that opens the customer-service window, and how much it opens.</summary>
public enum InteractionKind
{
    /// <summary>The user sent a message: 5 custom messages within 48 hours.</summary>
    UserMessage,

    /// <summary>A click / scancode_push / scancode_waitmsg menu tap: 3 custom messages within 1 minute.</summary>
    MenuClick,

    /// <summary>The user followed the account: 3 custom messages within 1 minute.</summary>
    Follow,

    /// <summary>The user scanned a QR code of the account: 3 custom messages within 1 minute.</summary>
    ScanQrCode,
}
