namespace UnionWeChat.WeChat.Receiving;

/// <summary>A link the user shared (<c>MsgType=link</c>).</summary>
public sealed record LinkMessage : OrdinaryMessage
{
    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string Url { get; init; }
}
