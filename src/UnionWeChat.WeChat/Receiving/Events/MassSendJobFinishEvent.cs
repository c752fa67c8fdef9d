namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// WeChat's report on a mass send (<c>Event=MASSSENDJOBFINISH</c>). The copyright check and article URL results,
/// when sent, are in <see cref="IncomingMessage.Fields"/> under <c>CopyrightCheckResult/…</c> and <c>ArticleUrlResult/…</c>.
/// </summary>
public sealed record MassSendJobFinishEvent : EventMessage
{
    /// <summary>The mass send's id (<c>MsgID</c>), as returned when it was sent.</summary>
    public required string MsgId { get; init; }

    /// <summary>E.g. <c>send success</c>, <c>send fail</c>, or an <c>err(…)</c> code.</summary>
    public required string Status { get; init; }

    /// <summary>Followers in the audience.</summary>
    public required int TotalCount { get; init; }

    /// <summary>Followers left after filtering, to whom it was to be sent.</summary>
    public required int FilterCount { get; init; }

    public required int SentCount { get; init; }

    public required int ErrorCount { get; init; }
}
