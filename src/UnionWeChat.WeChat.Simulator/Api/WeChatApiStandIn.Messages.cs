using System.Text.Json;
using System.Text.Json.Nodes;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Simulator;

// Custom (客服) and template messages.
// Custom: only inside the window a member's interaction opens: a message allows 5 within 48 h; a menu click, follow
// or QR scan allows 3 within 1 minute (api_sendcustommessage). Outside: 45015; allowance used: 45047.
// Template: any follower; one message per openid + client_msg_id within 10 minutes of the first, by the stand-in's
// clock (api_sendtemplatemessage); a repeat after that is delivered again.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan TemplateDedupWindow = TimeSpan.FromMinutes(10);
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<(string OpenId, string ClientMsgId), (long MsgId, DateTimeOffset At)> _templateKeys = [];
    private readonly Dictionary<string, int> _droppedRepeats = new(StringComparer.Ordinal);

    /// <summary>
    /// Template sends to <paramref name="openId"/> answered as a repeat of an earlier client_msg_id (within its
    /// 10 minutes) and so not delivered. With <see cref="MessagesFor"/>: every template send to the member WeChat accepted.
    /// </summary>
    public int DroppedRepeatsFor(string openId)
    {
        lock (_gate)
        {
            return _droppedRepeats.GetValueOrDefault(openId);
        }
    }

    /// <summary>Records that <paramref name="openId"/> interacted at <paramref name="at"/>, opening a new service window.</summary>
    public void RecordInteraction(string openId, InteractionKind kind, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        lock (_gate)
        {
            _windows[openId] = new Window(kind, at);
        }
    }

    internal JsonObject CustomSend(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireString(body, "touser", 40003, out var toUser)) != 0
            || (code = StandInBody.RequireString(body, "msgtype", 40008, out var msgType)) != 0
            || (code = CheckCustomContent(body, msgType, out var text)) != 0)
        {
            return StandInReplies.Error(code);
        }

        var accepted = new List<StandInMessage>();
        lock (_gate)
        {
            if ((code = CheckRecipient(toUser)) != 0 || (code = TakeWindowSlot(toUser)) != 0)
            {
                return StandInReplies.Error(code);
            }

            Record(accepted, NextId(), SendChannel.Custom, toUser, msgType, text, body.GetRawText());
        }

        return Announce(accepted, StandInReplies.Ok());
    }

    internal JsonObject TemplateSend(JsonElement body)
    {
        int code;
        if ((code = StandInBody.RequireString(body, "touser", 40003, out var toUser)) != 0
            || (code = StandInBody.RequireString(body, "template_id", 40037, out _)) != 0
            || (code = StandInBody.OptionalString(body, "url", out _)) != 0
            || (code = StandInBody.OptionalString(body, "client_msg_id", out var clientMsgId)) != 0
            || (code = StandInBody.RequireObject(body, "data", StandInBody.DataFormatError, out var data)) != 0)
        {
            return StandInReplies.Error(code);
        }

        var lines = new List<string>();
        foreach (var keyword in data.EnumerateObject())
        {
            if (keyword.Value.ValueKind != JsonValueKind.Object || StandInBody.RequireString(keyword.Value, "value", StandInBody.DataFormatError, out var value) != 0)
            {
                return StandInReplies.Error(StandInBody.DataFormatError);
            }

            lines.Add(value);
        }

        var accepted = new List<StandInMessage>();
        long msgId;
        lock (_gate)
        {
            if ((code = CheckRecipient(toUser)) != 0)
            {
                return StandInReplies.Error(code);
            }

            var now = Time.GetUtcNow();
            if (clientMsgId is not null && _templateKeys.TryGetValue((toUser, clientMsgId), out var earlier) && now - earlier.At < TemplateDedupWindow)
            {
                // The docs promise one message per key, not an error: answer as the first time, send nothing.
                _droppedRepeats[toUser] = _droppedRepeats.GetValueOrDefault(toUser) + 1;
                return Reply(earlier.MsgId);
            }

            msgId = NextId();
            if (clientMsgId is not null)
            {
                _templateKeys[(toUser, clientMsgId)] = (msgId, now);
            }

            Record(accepted, msgId, SendChannel.Template, toUser, "template", string.Join('\n', lines), body.GetRawText());
        }

        return Announce(accepted, Reply(msgId));

        static JsonObject Reply(long msgId)
        {
            var reply = StandInReplies.Ok();
            reply["msgid"] = msgId;
            return reply;
        }
    }

    private static int CheckCustomContent(JsonElement body, string msgType, out string? text)
    {
        text = null;
        int code;
        JsonElement content;
        switch (msgType)
        {
            case "text":
                if ((code = StandInBody.RequireObject(body, "text", StandInBody.DataFormatError, out content)) != 0
                    || (code = StandInBody.RequireString(content, "content", StandInBody.DataFormatError, out var words)) != 0)
                {
                    return code;
                }

                text = words;
                return 0;
            case "image" or "voice" or "mpnews":
                return (code = StandInBody.RequireObject(body, msgType, StandInBody.DataFormatError, out content)) != 0
                    ? code
                    : StandInBody.RequireString(content, "media_id", 40007, out _);
            case "video":
                return (code = StandInBody.RequireObject(body, "video", StandInBody.DataFormatError, out content)) != 0
                    ? code
                    : StandInBody.RequireString(content, "media_id", 40007, out _);
            case "news":
                if ((code = StandInBody.RequireObject(body, "news", StandInBody.DataFormatError, out content)) != 0
                    || (code = StandInBody.RequireArray(content, "articles", StandInBody.DataFormatError, out var articles)) != 0)
                {
                    return code;
                }

                // One article since 2018; more answer 45008.
                if (articles.GetArrayLength() != 1)
                {
                    return articles.GetArrayLength() == 0 ? StandInBody.DataFormatError : 45008;
                }

                var article = articles[0];
                if (article.ValueKind != JsonValueKind.Object
                    || (code = StandInBody.RequireString(article, "title", StandInBody.DataFormatError, out var title)) != 0
                    || (code = StandInBody.OptionalString(article, "url", out _)) != 0
                    || (code = StandInBody.OptionalString(article, "description", out _)) != 0
                    || (code = StandInBody.OptionalString(article, "picurl", out _)) != 0)
                {
                    return code == 0 ? StandInBody.DataFormatError : code;
                }

                text = title;
                return 0;
            case "music" or "mpnewsarticle" or "msgmenu" or "wxcard" or "miniprogrampage" or "link":
                return StandInBody.RequireObject(body, msgType, StandInBody.DataFormatError, out _);
            default:
                return 40008;
        }
    }

    // Callers hold _gate.
    private int TakeWindowSlot(string openId)
    {
        if (!Options.EnforceServiceWindow)
        {
            return 0;
        }

        if (!_windows.TryGetValue(openId, out var window))
        {
            return 45015;
        }

        var (allowance, duration) = window.Kind == InteractionKind.UserMessage ? (5, TimeSpan.FromHours(48)) : (3, TimeSpan.FromMinutes(1));
        if (Time.GetUtcNow() >= window.At + duration)
        {
            return 45015;
        }

        if (window.Used >= allowance)
        {
            return 45047;
        }

        window.Used++;
        return 0;
    }

    private sealed class Window(InteractionKind kind, DateTimeOffset at)
    {
        public InteractionKind Kind { get; } = kind;

        public DateTimeOffset At { get; } = at;

        public int Used { get; set; }
    }
}
