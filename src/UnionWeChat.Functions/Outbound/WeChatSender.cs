using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Outbound;

/// <summary>
/// The only caller of WeChat's custom, template and mass send APIs in the app (Architecture/SendSurfaceTests keep it
/// so). It passes the de-duplication keys and turns every WeChat failure into a <see cref="SendResult"/>, so no caller
/// can mistake a lost answer for "not sent". Cancellation still throws: a shutdown is not an answer.
/// </summary>
public sealed class WeChatSender(WeChatApiClient api)
{
    public Task<SendResult> SendTextAsync(string openId, string text, CancellationToken ct) =>
        CustomAsync(() => api.SendCustomTextAsync(openId, text, ct));

    public Task<SendResult> SendNewsAsync(string openId, NewsArticle article, CancellationToken ct) =>
        CustomAsync(() => api.SendCustomNewsAsync(openId, article, ct));

    // A custom message: WeChat answers only success or an error, which SendResult sorts into refused or lost.
    private static async Task<SendResult> CustomAsync(Func<Task> send)
    {
        try
        {
            await send();
            return SendResult.Sent();
        }
        catch (WeChatApiException ex)
        {
            return SendResult.Failed(ex);
        }
    }

    /// <summary>
    /// A template message. Without a client_msg_id one is made here, so at least the client's own retries of this
    /// call are dropped by WeChat as repeats (10 minutes per openid + key).
    /// </summary>
    public async Task<SendResult> SendTemplateAsync(TemplateMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var keyed = message.ClientMsgId is null ? message with { ClientMsgId = Guid.NewGuid().ToString("N") } : message;
        try
        {
            var sent = await api.SendTemplateAsync(keyed, ct);
            return SendResult.Sent(sent.MsgId, sent.ClientMsgId);
        }
        catch (WeChatApiException ex)
        {
            return SendResult.Failed(ex);
        }
    }

    /// <summary>A mass send to 2–10,000 openids; <paramref name="clientMsgId"/> makes WeChat refuse a repeat for 24 hours.</summary>
    public async Task<SendResult> SendToOpenIdsAsync(IReadOnlyCollection<string> openIds, MassContent content, string clientMsgId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientMsgId);
        try
        {
            return Of(await api.SendToOpenIdsAsync(openIds, content, clientMsgId, sendIgnoreReprint: false, ct));
        }
        catch (WeChatApiException ex)
        {
            return SendResult.Failed(ex);
        }
    }

    /// <summary>A mass send to every follower (<paramref name="tagId"/> null) or to a WeChat tag.</summary>
    public async Task<SendResult> SendToAllAsync(MassContent content, int? tagId, string clientMsgId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientMsgId);
        try
        {
            return Of(await api.SendAllAsync(content, tagId, clientMsgId, sendIgnoreReprint: false, ct));
        }
        catch (WeChatApiException ex)
        {
            return SendResult.Failed(ex);
        }
    }

    private static SendResult Of(MassSendResult mass) => SendResult.Sent(mass.MsgId, mass.ClientMsgId, mass.AlreadySubmitted);
}
