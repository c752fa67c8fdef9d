using System.Globalization;
using System.Xml;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>Builds push XML as WeChat sends it (CDATA for text, integers bare) for the pusher, the tests and the benchmarks.</summary>
public static class PushXml
{
    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Indent = false };

    /// <summary>A text message from a user (<paramref name="from"/>, an openid) to the account (<paramref name="to"/>, its gh_ id).</summary>
    public static string Text(string from, string to, string content, long msgId, long createTime) =>
        Build(from, to, createTime, "text", ("Content", content, true), ("MsgId", Num(msgId), false));

    /// <summary>An image message.</summary>
    public static string Image(string from, string to, string picUrl, string mediaId, long msgId, long createTime) =>
        Build(from, to, createTime, "image", ("PicUrl", picUrl, true), ("MediaId", mediaId, true), ("MsgId", Num(msgId), false));

    /// <summary>An event with an optional EventKey.</summary>
    public static string Event(string from, string to, string eventName, string? eventKey, long createTime) =>
        eventKey is null
            ? Build(from, to, createTime, "event", ("Event", eventName, true))
            : Build(from, to, createTime, "event", ("Event", eventName, true), ("EventKey", eventKey, true));

    /// <summary>A follow; with a scene, as if by scanning a parameterised QR code (EventKey <c>qrscene_</c> + scene, and a Ticket).</summary>
    public static string Subscribe(string from, string to, long createTime, string? scene = null, string? ticket = null) =>
        scene is null
            ? Build(from, to, createTime, "event", ("Event", "subscribe", true), ("EventKey", string.Empty, true))
            : Build(from, to, createTime, "event", ("Event", "subscribe", true), ("EventKey", "qrscene_" + scene, true), ("Ticket", ticket ?? "TICKET", true));

    /// <summary>An unfollow.</summary>
    public static string Unsubscribe(string from, string to, long createTime) =>
        Build(from, to, createTime, "event", ("Event", "unsubscribe", true), ("EventKey", string.Empty, true));

    /// <summary>A tap on a click menu button with <paramref name="key"/>.</summary>
    public static string Click(string from, string to, string key, long createTime) =>
        Build(from, to, createTime, "event", ("Event", "CLICK", true), ("EventKey", key, true));

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Build(string from, string to, long createTime, string msgType, params (string Name, string Value, bool CData)[] fields)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var w = XmlWriter.Create(text, Settings))
        {
            w.WriteStartElement("xml");
            Write(w, "ToUserName", to, cdata: true);
            Write(w, "FromUserName", from, cdata: true);
            Write(w, "CreateTime", Num(createTime), cdata: false);
            Write(w, "MsgType", msgType, cdata: true);
            foreach (var (name, value, cdata) in fields)
            {
                Write(w, name, value, cdata);
            }

            w.WriteEndElement();
        }

        return text.ToString();
    }

    private static void Write(XmlWriter w, string name, string value, bool cdata)
    {
        w.WriteStartElement(name);
        if (cdata)
        {
            w.WriteCData(value);
        }
        else
        {
            w.WriteString(value);
        }

        w.WriteEndElement();
    }
}
