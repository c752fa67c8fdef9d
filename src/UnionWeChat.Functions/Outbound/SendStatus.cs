namespace UnionWeChat.Functions.Outbound;

/// <summary>What became of one WeChat send.</summary>
public enum SendStatus
{
    /// <summary>WeChat accepted it.</summary>
    Sent,

    /// <summary>WeChat said no (or the request never left): nothing reached the member.</summary>
    Refused,

    /// <summary>
    /// The request went out and its answer was lost (a timeout, a connection broken mid-answer): it may have been
    /// delivered, so it is unconfirmed — never to be treated as "not sent" and sent blindly again.
    /// </summary>
    AnswerLost,
}
