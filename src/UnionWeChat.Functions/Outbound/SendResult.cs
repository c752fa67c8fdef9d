using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Outbound;

/// <summary>
/// The answer to one send. <see cref="Error"/> keeps WeChat's own failure (errcode, kind) for callers whose ledger
/// depends on it; <see cref="Status"/> is the one thing every caller must respect.
/// </summary>
public sealed record SendResult
{
    private SendResult(SendStatus status, long? msgId, string? clientMsgId, bool alreadySubmitted, WeChatApiException? error)
    {
        Status = status;
        MsgId = msgId;
        ClientMsgId = clientMsgId;
        AlreadySubmitted = alreadySubmitted;
        Error = error;
    }

    public SendStatus Status { get; }

    /// <summary>WeChat's message (or mass job) id, when it gives one.</summary>
    public long? MsgId { get; }

    /// <summary>The de-duplication key the send carried (template and mass sends).</summary>
    public string? ClientMsgId { get; }

    /// <summary>A mass job with this clientmsgid already existed (45065): nothing new went out.</summary>
    public bool AlreadySubmitted { get; }

    public WeChatApiException? Error { get; }

    public bool IsSent => Status == SendStatus.Sent;

    /// <summary>WeChat's errcode; 0 when sent, -1 for transport failures.</summary>
    public int ErrCode => Error?.ErrCode ?? 0;

    public WeChatErrorKind? Kind => Error?.Kind;

    public static SendResult Sent(long? msgId = null, string? clientMsgId = null, bool alreadySubmitted = false) =>
        new(SendStatus.Sent, msgId, clientMsgId, alreadySubmitted, null);

    /// <summary>
    /// A failed send. The client marks an answer lost (<see cref="WeChatApiException.MayHaveTakenEffect"/>) even when
    /// a later retry failed plainly: an earlier attempt may still have been delivered.
    /// </summary>
    public static SendResult Failed(WeChatApiException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var lost = error.Kind == WeChatErrorKind.Timeout || error.MayHaveTakenEffect;
        return new(lost ? SendStatus.AnswerLost : SendStatus.Refused, null, null, false, error);
    }
}
