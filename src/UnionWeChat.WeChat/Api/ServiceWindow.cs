namespace UnionWeChat.WeChat.Api;

/// <summary>
/// WeChat's customer-service window: a user's message allows 5 custom messages within 48 hours; a menu click,
/// follow or QR scan allows 3 within 1 minute. Past that WeChat answers 45015 (window closed) or 45047 (allowance
/// used), so callers fall back to a template message.
/// https://developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage
/// </summary>
public sealed class ServiceWindow
{
    private readonly TimeProvider _time;

    /// <summary>Creates the rule with the clock to judge against.</summary>
    public ServiceWindow(TimeProvider timeProvider) => _time = timeProvider;

    /// <summary>How many custom messages one interaction of <paramref name="kind"/> allows.</summary>
    public static int AllowanceOf(InteractionKind kind) => kind == InteractionKind.UserMessage ? 5 : 3;

    /// <summary>How long the window one interaction of <paramref name="kind"/> opens stays open.</summary>
    public static TimeSpan DurationOf(InteractionKind kind) => kind == InteractionKind.UserMessage ? TimeSpan.FromHours(48) : TimeSpan.FromMinutes(1);

    /// <summary>
    /// The window opened by the user's last interaction at <paramref name="lastInteractionAt"/>, given that
    /// <paramref name="sentSince"/> custom messages have gone to the user since.
    /// </summary>
    public ServiceWindowStatus Evaluate(DateTimeOffset lastInteractionAt, InteractionKind kind, int sentSince)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sentSince);
        var closesAt = lastInteractionAt + DurationOf(kind);
        var open = _time.GetUtcNow() < closesAt;
        var remaining = open ? Math.Max(0, AllowanceOf(kind) - sentSince) : 0;
        return new ServiceWindowStatus(remaining, closesAt);
    }
}
