using System.Globalization;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// Turns push XML into a typed <see cref="IncomingMessage"/>. Message and event names follow
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html,
/// .../Receiving_event_pushes.html and .../Custom_Menus/Custom_Menu_Push.html.
/// </summary>
/// <remarks>
/// ToUserName, FromUserName, CreateTime and MsgType are required. Other text fields read as empty strings when
/// absent (or null where the model marks them optional); numeric fields must parse, invariant culture.
/// An unrecognised MsgType or Event gives an <see cref="UnknownMessage"/>, not an error.
/// </remarks>
public static class IncomingMessageParser
{
    // DateTimeOffset's range, so CreateTime always converts.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>Parses push XML (see <see cref="WeChatXml"/> for what is refused).</summary>
    /// <exception cref="WeChatProtocolException">The XML is refused or lacks a required field.</exception>
    public static IncomingMessage Parse(string? xml) => Parse(WeChatXml.Parse(xml));

    /// <summary>Builds the typed message from fields already read by <see cref="WeChatXml.Parse"/>.</summary>
    /// <exception cref="WeChatProtocolException">A required field is missing or a number does not parse.</exception>
    public static IncomingMessage Parse(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var f = new FieldReader(fields);
        var to = f.Required("ToUserName");
        var from = f.Required("FromUserName");
        var createTime = f.Long("CreateTime");
        if (createTime is < 0 or > MaxUnixSeconds)
        {
            throw new WeChatProtocolException(WeChatProtocolError.Malformed, "CreateTime is out of range.");
        }

        var msgType = f.Required("MsgType");
        return msgType switch
        {
            "text" => new TextMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), Content = f.Text("Content") },
            "image" => new ImageMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), PicUrl = f.Text("PicUrl"), MediaId = f.Text("MediaId") },
            "voice" => new VoiceMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), MediaId = f.Text("MediaId"), Format = f.Text("Format"), Recognition = f.Optional("Recognition") },
            "video" => new VideoMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), MediaId = f.Text("MediaId"), ThumbMediaId = f.Text("ThumbMediaId") },
            "shortvideo" => new ShortVideoMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), MediaId = f.Text("MediaId"), ThumbMediaId = f.Text("ThumbMediaId") },
            "location" => new LocationMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), LocationX = f.Double("Location_X"), LocationY = f.Double("Location_Y"), Scale = f.Double("Scale"), Label = f.Text("Label") },
            "link" => new LinkMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, MsgId = f.Text("MsgId"), Title = f.Text("Title"), Description = f.Text("Description"), Url = f.Text("Url") },
            "event" => ParseEvent(f, to, from, createTime, msgType, fields),
            _ => new UnknownMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = f.Optional("Event"), EventKey = f.Optional("EventKey"), MsgId = f.Optional("MsgId") },
        };
    }

    private static IncomingMessage ParseEvent(FieldReader f, string to, string from, long createTime, string msgType, IReadOnlyDictionary<string, string> fields)
    {
        var name = f.Required("Event");
        var key = f.Text("EventKey");
        return name switch
        {
            EventNames.Subscribe => new SubscribeEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                SceneKey = key.StartsWith(EventNames.QrScenePrefix, StringComparison.Ordinal) ? key[EventNames.QrScenePrefix.Length..] : null,
                Ticket = f.Optional("Ticket"),
            },
            EventNames.Unsubscribe => new UnsubscribeEvent { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key },
            EventNames.Scan => new ScanEvent { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key, Ticket = f.Text("Ticket") },
            EventNames.Location => new LocationEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                Latitude = f.Double("Latitude"), Longitude = f.Double("Longitude"), Precision = f.Double("Precision"),
            },
            EventNames.Click => new ClickEvent { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key },
            EventNames.View => new ViewEvent { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key, MenuId = f.Optional("MenuId") },
            EventNames.ScanCodePush or EventNames.ScanCodeWaitMsg => new ScanCodeEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                ScanType = f.Text("ScanCodeInfo/ScanType"), ScanResult = f.Text("ScanCodeInfo/ScanResult"),
            },
            EventNames.PicSysPhoto or EventNames.PicPhotoOrAlbum or EventNames.PicWeixin => new PicEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                Count = f.Int("SendPicsInfo/Count"), PicMd5Sums = WeChatXml.GetAll(fields, "SendPicsInfo/PicList/item/PicMd5Sum"),
            },
            EventNames.LocationSelect => new LocationSelectEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                LocationX = f.Double("SendLocationInfo/Location_X"), LocationY = f.Double("SendLocationInfo/Location_Y"),
                Scale = f.Double("SendLocationInfo/Scale"), Label = f.Text("SendLocationInfo/Label"), Poiname = f.Optional("SendLocationInfo/Poiname"),
            },
            EventNames.TemplateSendJobFinish => new TemplateSendJobFinishEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                MsgId = f.Text("MsgID"), Status = f.Text("Status"),
            },
            EventNames.MassSendJobFinish => new MassSendJobFinishEvent
            {
                ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = key,
                MsgId = f.Text("MsgID"), Status = f.Text("Status"),
                TotalCount = f.Int("TotalCount"), FilterCount = f.Int("FilterCount"), SentCount = f.Int("SentCount"), ErrorCount = f.Int("ErrorCount"),
            },
            _ => new UnknownMessage { ToUserName = to, FromUserName = from, CreateTimeUnix = createTime, MsgType = msgType, Fields = fields, Event = name, EventKey = f.Optional("EventKey"), MsgId = f.Optional("MsgId") },
        };
    }

    private readonly struct FieldReader(IReadOnlyDictionary<string, string> fields)
    {
        public string Required(string name) =>
            fields.TryGetValue(name, out var value) && value.Length > 0
                ? value
                : throw Malformed($"The {name} element is missing.");

        public string Text(string name) => fields.TryGetValue(name, out var value) ? value : string.Empty;

        public string? Optional(string name) => fields.TryGetValue(name, out var value) ? value : null;

        public long Long(string name) =>
            long.TryParse(Required(name).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Malformed($"The {name} element is not an integer.");

        public int Int(string name) =>
            int.TryParse(Required(name).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Malformed($"The {name} element is not an integer.");

        public double Double(string name) =>
            double.TryParse(Required(name).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw Malformed($"The {name} element is not a number.");

        private static WeChatProtocolException Malformed(string message) => new(WeChatProtocolError.Malformed, message);
    }
}
