using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

// Mass sends and preview (api_sendall, api_masssend, api_preview). A clientmsgid seen within 24 h is refused
// with 45065 carrying the existing job's msg_id; longer than 64 bytes is 45067. A list send takes 2 to 10,000
// openids (40130 otherwise). Jobs are delivered at once to the followers they address.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan MassDedupWindow = TimeSpan.FromHours(24);
    private readonly Dictionary<string, (long MsgId, long? DataId, DateTimeOffset At)> _massKeys = new(StringComparer.Ordinal);

    internal JsonObject MassSendAll(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireObject(body, "filter", StandInBody.DataFormatError, out var filter)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (!filter.TryGetProperty("is_to_all", out var toAll) || toAll.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return StandInReplies.Error(StandInBody.DataFormatError);
        }

        long tagId = 0;
        if (!toAll.GetBoolean() && (code = StandInBody.RequireInt(filter, "tag_id", 45159, out tagId)) != 0)
        {
            return StandInReplies.Error(code);
        }

        lock (_gate)
        {
            if (!toAll.GetBoolean() && !_tags.ContainsKey((int)tagId))
            {
                return StandInReplies.Error(45159);
            }

            var recipients = _followerOrder.Where(f => f.Following && (toAll.GetBoolean() || f.TagIds.Contains((int)tagId))).Select(f => f.OpenId).ToList();
            return Mass(body, SendChannel.MassByTag, recipients);
        }
    }

    internal JsonObject MassSend(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireArray(body, "touser", 40130, out var touser)) != 0
            || (code = StandInBody.Strings(touser, out var openIds)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (openIds.Count is < 2 or > 10_000)
        {
            return StandInReplies.Error(40130);
        }

        lock (_gate)
        {
            // WeChat skips openids that cannot receive (reported in MASSSENDJOBFINISH), it does not refuse the job.
            var recipients = _followers.Count == 0
                ? openIds.Distinct(StringComparer.Ordinal).ToList()
                : openIds.Distinct(StringComparer.Ordinal).Where(id => _followers.TryGetValue(id, out var f) && f.Following).ToList();
            return Mass(body, SendChannel.MassByOpenIds, recipients);
        }
    }

    internal JsonObject Preview(JsonElement body)
    {
        int code;
        if ((code = StandInBody.OptionalString(body, "touser", out var toUser)) != 0
            || (code = StandInBody.OptionalString(body, "towxname", out var toWxName)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (string.IsNullOrEmpty(toUser))
        {
            return StandInReplies.Error(string.IsNullOrEmpty(toWxName) ? 40003 : 40035);
        }

        if ((code = CheckMassContent(body, out var msgType, out var text)) != 0)
        {
            return StandInReplies.Error(code);
        }

        var accepted = new List<StandInMessage>();
        lock (_gate)
        {
            if ((code = CheckRecipient(toUser)) != 0)
            {
                return StandInReplies.Error(code);
            }

            var id = NextId();
            Record(accepted, id, SendChannel.Preview, toUser, msgType, text, body.GetRawText());
            var reply = StandInReplies.Ok("preview success");
            reply["msg_id"] = id;
            return Announce(accepted, reply);
        }
    }

    // Callers hold _gate.
    private JsonObject Mass(JsonElement body, SendChannel channel, List<string> recipients)
    {
        int code;
        if ((code = CheckMassContent(body, out var msgType, out var text)) != 0
            || (code = StandInBody.OptionalString(body, "clientmsgid", out var clientMsgId)) != 0)
        {
            return StandInReplies.Error(code);
        }

        if (body.TryGetProperty("send_ignore_reprint", out var reprint) && !(reprint.TryGetInt32(out var flag) && flag is 0 or 1))
        {
            return StandInReplies.Error(StandInBody.DataFormatError);
        }

        if (clientMsgId is not null && StandInBody.Bytes(clientMsgId) > 64)
        {
            return StandInReplies.Error(45067);
        }

        var now = Time.GetUtcNow();
        if (clientMsgId is not null && _massKeys.TryGetValue(clientMsgId, out var earlier) && now - earlier.At < MassDedupWindow)
        {
            var refused = StandInReplies.Error(45065);
            refused["msg_id"] = earlier.MsgId;
            return refused;
        }

        var msgId = NextId();
        long? dataId = msgType == "mpnews" ? NextId() : null;
        if (clientMsgId is not null)
        {
            _massKeys[clientMsgId] = (msgId, dataId, now);
        }

        var accepted = new List<StandInMessage>();
        var sent = body.GetRawText();
        foreach (var openId in recipients)
        {
            Record(accepted, msgId, channel, openId, msgType, text, sent);
        }

        var reply = StandInReplies.Ok("send job submission success");
        reply["msg_id"] = msgId;
        if (dataId is not null)
        {
            reply["msg_data_id"] = dataId;
        }

        return Announce(accepted, reply);
    }

    private static int CheckMassContent(JsonElement body, out string msgType, out string? text)
    {
        text = null;
        int code;
        if ((code = StandInBody.RequireString(body, "msgtype", 40008, out msgType)) != 0)
        {
            return code;
        }

        switch (msgType)
        {
            case "text":
                if ((code = StandInBody.RequireObject(body, "text", StandInBody.DataFormatError, out var content)) != 0
                    || (code = StandInBody.RequireString(content, "content", StandInBody.DataFormatError, out var words)) != 0)
                {
                    return code;
                }

                text = words;
                return 0;
            case "image" when body.TryGetProperty("images", out var images):
                // The newer image form: {"images":{"media_ids":[...]}}.
                return images.ValueKind == JsonValueKind.Object && StandInBody.RequireArray(images, "media_ids", 40007, out var ids) == 0
                    && ids.GetArrayLength() > 0 && StandInBody.Strings(ids, out _) == 0 ? 0 : 40007;
            case "mpnews" or "image" or "voice" or "mpvideo":
                return (code = StandInBody.RequireObject(body, msgType, StandInBody.DataFormatError, out content)) != 0
                    ? code
                    : StandInBody.RequireString(content, "media_id", 40007, out _);
            case "wxcard":
                return (code = StandInBody.RequireObject(body, "wxcard", StandInBody.DataFormatError, out content)) != 0
                    ? code
                    : StandInBody.RequireString(content, "card_id", 40035, out _);
            default:
                return 40008;
        }
    }
}
