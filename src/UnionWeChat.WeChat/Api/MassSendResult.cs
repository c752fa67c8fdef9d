namespace UnionWeChat.WeChat.Api;

/// <summary>A mass-send job WeChat accepted.</summary>
/// <param name="MsgId">WeChat's job id (for status queries and the MASSSENDJOBFINISH event).</param>
/// <param name="MsgDataId">The article's data id, for mpnews only.</param>
/// <param name="ClientMsgId">The de-duplication key the job was submitted with.</param>
/// <param name="AlreadySubmitted">True when WeChat said a job with this clientmsgid already existed (45065): nothing new was sent.</param>
public sealed record MassSendResult(long MsgId, long? MsgDataId, string ClientMsgId, bool AlreadySubmitted);
