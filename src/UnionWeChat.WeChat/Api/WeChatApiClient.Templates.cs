using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// Template messages: allowed outside the service window; de-duplicated by openid + client_msg_id for 10 minutes.
public sealed partial class WeChatApiClient
{
    private const string TemplateSendPath = "/cgi-bin/message/template/send";

    /// <summary>Sends a template message; repeated after a timeout, since WeChat de-duplicates on client_msg_id.</summary>
    public async Task<TemplateSendResult> SendTemplateAsync(TemplateMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.TemplateId);
        ArgumentNullException.ThrowIfNull(message.Data);
        var clientMsgId = message.ClientMsgId ?? Guid.NewGuid().ToString("N");
        var data = new JsonObject();
        foreach (var (keyword, value) in message.Data)
        {
            data[keyword] = new JsonObject { ["value"] = value };
        }

        var body = new JsonObject
        {
            ["touser"] = RequireOpenId(message.ToUser, nameof(message)),
            ["template_id"] = message.TemplateId,
            ["client_msg_id"] = clientMsgId,
            ["data"] = data,
        };
        if (message.Url is not null)
        {
            body["url"] = message.Url;
        }

        var answer = await PostAsync(TemplateSendPath, body, CallSafety.DeduplicatedByKey, cancellationToken).ConfigureAwait(false);
        return new TemplateSendResult(Int64Of(answer, "msgid"), clientMsgId);
    }
}
