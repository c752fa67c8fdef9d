namespace UnionWeChat.WeChat.Api;

/// <summary>
/// A template message (<c>/cgi-bin/message/template/send</c>,
/// https://developers.weixin.qq.com/doc/service/api/notify/template/api_sendtemplatemessage).
/// </summary>
/// <param name="ToUser">The recipient's openid.</param>
/// <param name="TemplateId">The template's id from the admin console.</param>
/// <param name="Data">Keyword → value, sent as <c>{"keyword":{"value":"..."}}</c>.</param>
/// <param name="Url">Optional link opened when the message is tapped.</param>
/// <param name="ClientMsgId">
/// De-duplication key: WeChat sends one message per openid + client_msg_id within 10 minutes.
/// When null the client generates one, so its own retries are de-duplicated.
/// </param>
public sealed record TemplateMessage(
    string ToUser,
    string TemplateId,
    IReadOnlyDictionary<string, string> Data,
    string? Url = null,
    string? ClientMsgId = null);
