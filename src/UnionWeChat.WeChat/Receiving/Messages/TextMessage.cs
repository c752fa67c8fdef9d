namespace UnionWeChat.WeChat.Receiving;

/// <summary>A text message (<c>MsgType=text</c>).</summary>
public sealed record TextMessage : OrdinaryMessage
{
    /// <summary>What the user typed.</summary>
    public required string Content { get; init; }
}
