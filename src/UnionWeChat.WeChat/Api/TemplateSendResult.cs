namespace UnionWeChat.WeChat.Api;

/// <summary>A template message WeChat accepted.</summary>
/// <param name="MsgId">WeChat's message id.</param>
/// <param name="ClientMsgId">The de-duplication key the message was sent with.</param>
public sealed record TemplateSendResult(long MsgId, string ClientMsgId);
