using System.Text;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Api;

// Mass sends (群发). A clientmsgid makes WeChat refuse a second job with the same key for 24 h, answering 45065
// with the existing job's msg_id, which this client reports as success with AlreadySubmitted = true.
// https://developers.weixin.qq.com/doc/service/api/notify/message/api_sendall and api_masssend
public sealed partial class WeChatApiClient
{
    /// <summary>Fewest openids a list mass send accepts.</summary>
    public const int MassSendMinRecipients = 2;

    /// <summary>Most openids one list mass send accepts.</summary>
    public const int MassSendMaxRecipients = 10_000;

    private const string SendAllPath = "/cgi-bin/message/mass/sendall";
    private const string MassSendPath = "/cgi-bin/message/mass/send";
    private const string PreviewPath = "/cgi-bin/message/mass/preview";

    /// <summary>Mass send to everyone (<paramref name="tagId"/> null) or to followers carrying a tag.</summary>
    public Task<MassSendResult> SendAllAsync(
        MassContent content, int? tagId, string? clientMsgId = null, bool sendIgnoreReprint = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var filter = tagId is null
            ? new JsonObject { ["is_to_all"] = true }
            : new JsonObject { ["is_to_all"] = false, ["tag_id"] = tagId.Value };
        return SendMassAsync(SendAllPath, new JsonObject { ["filter"] = filter }, content, clientMsgId, sendIgnoreReprint, cancellationToken);
    }

    /// <summary>Mass send to a list of 2 to 10,000 openids; a list outside that range is refused before any request.</summary>
    public Task<MassSendResult> SendToOpenIdsAsync(
        IReadOnlyCollection<string> openIds, MassContent content, string? clientMsgId = null, bool sendIgnoreReprint = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openIds);
        ArgumentNullException.ThrowIfNull(content);
        if (openIds.Count is < MassSendMinRecipients or > MassSendMaxRecipients)
        {
            throw new ArgumentException(
                $"A list mass send takes {MassSendMinRecipients} to {MassSendMaxRecipients} openids, not {openIds.Count}; split the audience into batches.",
                nameof(openIds));
        }

        var list = new JsonArray();
        foreach (var openId in openIds)
        {
            list.Add(RequireOpenId(openId, nameof(openIds)));
        }

        return SendMassAsync(MassSendPath, new JsonObject { ["touser"] = list }, content, clientMsgId, sendIgnoreReprint, cancellationToken);
    }

    /// <summary>Sends a preview of mass content to one follower; not repeated after a timeout. Returns WeChat's msg_id.</summary>
    public async Task<long> PreviewAsync(string openId, MassContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new JsonObject { ["touser"] = RequireOpenId(openId, nameof(openId)) };
        content.WriteTo(body, preview: true);
        var answer = await PostAsync(PreviewPath, body, CallSafety.NotIdempotent, cancellationToken).ConfigureAwait(false);
        return Int64Of(answer, "msg_id");
    }

    private async Task<MassSendResult> SendMassAsync(
        string path, JsonObject body, MassContent content, string? clientMsgId, bool sendIgnoreReprint, CancellationToken cancellationToken)
    {
        clientMsgId ??= Guid.NewGuid().ToString("N");
        if (Encoding.UTF8.GetByteCount(clientMsgId) > 64)
        {
            throw new ArgumentException("clientmsgid is limited to 64 bytes.", nameof(clientMsgId));
        }

        content.WriteTo(body, preview: false);
        body["send_ignore_reprint"] = sendIgnoreReprint ? 1 : 0;
        body["clientmsgid"] = clientMsgId;
        var answer = await PostAsync(path, body, CallSafety.DeduplicatedByKey, WeChatErrorCodes.MassClientMsgIdExists, cancellationToken).ConfigureAwait(false);
        var dataId = Int64Of(answer, "msg_data_id");
        return new MassSendResult(
            Int64Of(answer, "msg_id"),
            dataId == 0 ? null : dataId,
            clientMsgId,
            WeChatTransport.ErrCodeOf(answer) == WeChatErrorCodes.MassClientMsgIdExists);
    }
}
