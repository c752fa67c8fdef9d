namespace UnionWeChat.WeChat.Api;

/// <summary>Whether a custom message may be sent now.</summary>
/// <param name="Remaining">Custom messages still allowed in this window (0 when closed).</param>
/// <param name="ClosesAt">When the window ends.</param>
public sealed record ServiceWindowStatus(int Remaining, DateTimeOffset ClosesAt)
{
    /// <summary>True when at least one more custom message is allowed.</summary>
    public bool IsAllowed => Remaining > 0;
}
