namespace UnionWeChat.WeChat.Api;

/// <summary>Whether a call may be repeated after an answer was lost (timeout, connection broken mid-response).</summary>
internal enum CallSafety
{
    /// <summary>Reads, and writes whose repetition changes nothing (tagging, menu create/delete).</summary>
    Idempotent,

    /// <summary>Sends carrying a key WeChat de-duplicates on (template <c>client_msg_id</c>, mass <c>clientmsgid</c>).</summary>
    DeduplicatedByKey,

    /// <summary>
    /// Calls WeChat cannot recognise as repeats (custom messages, preview, tag create, OAuth code exchange):
    /// after a lost answer they are reported as <see cref="WeChatErrorKind.Timeout"/>, never repeated.
    /// </summary>
    NotIdempotent,
}
