namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// WeChat's report on a template message (<c>Event=TEMPLATESENDJOBFINISH</c>):
/// Status is <c>success</c>, <c>failed:user block</c> or <c>failed: system failed</c>.
/// </summary>
public sealed record TemplateSendJobFinishEvent : EventMessage
{
    /// <summary>The template message's id (<c>MsgID</c>), as returned when it was sent.</summary>
    public required string MsgId { get; init; }

    public required string Status { get; init; }
}
