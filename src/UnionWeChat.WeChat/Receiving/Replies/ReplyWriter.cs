using System.Globalization;
using System.Text;
using System.Xml;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// Writes passive replies as WeChat's XML. Text goes in CDATA; a <c>]]&gt;</c> inside is split across two CDATA
/// sections, so any text a user wrote gives well-formed XML. Characters XML cannot carry (control characters,
/// lone surrogates) are dropped.
/// See https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
/// </summary>
public static class ReplyWriter
{
    /// <summary>
    /// The answer that means "received, nothing to say": WeChat neither retries nor shows an error. Use it whenever
    /// there is no reply, and answer the user later with a custom message if needed.
    /// </summary>
    public const string Success = "success";

    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Indent = false };

    /// <summary>Writes <paramref name="reply"/> addressed to <paramref name="toUser"/> (an openid) from <paramref name="fromUser"/> (the account's gh_ id).</summary>
    public static string Write(Reply reply, string toUser, string fromUser, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentException.ThrowIfNullOrEmpty(toUser);
        ArgumentException.ThrowIfNullOrEmpty(fromUser);

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var w = XmlWriter.Create(text, Settings))
        {
            w.WriteStartElement(WeChatXml.RootName);
            Data(w, "ToUserName", toUser);
            Data(w, "FromUserName", fromUser);
            w.WriteElementString("CreateTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            Data(w, "MsgType", reply.MsgType);
            switch (reply)
            {
                case TextReply t:
                    Data(w, "Content", t.Content);
                    break;
                case ImageReply i:
                    Wrapped(w, "Image", ("MediaId", i.MediaId));
                    break;
                case VoiceReply v:
                    Wrapped(w, "Voice", ("MediaId", v.MediaId));
                    break;
                case VideoReply v:
                    Wrapped(w, "Video", ("MediaId", v.MediaId), ("Title", v.Title), ("Description", v.Description));
                    break;
                case MusicReply m:
                    Wrapped(w, "Music", ("Title", m.Title), ("Description", m.Description), ("MusicUrl", m.MusicUrl), ("HQMusicUrl", m.HqMusicUrl), ("ThumbMediaId", m.ThumbMediaId));
                    break;
                case NewsReply n:
                    w.WriteElementString("ArticleCount", n.Articles.Count.ToString(CultureInfo.InvariantCulture));
                    w.WriteStartElement("Articles");
                    foreach (var a in n.Articles)
                    {
                        Wrapped(w, "item", ("Title", a.Title), ("Description", a.Description), ("PicUrl", a.PicUrl), ("Url", a.Url));
                    }

                    w.WriteEndElement();
                    break;
                default:
                    throw new ArgumentException($"Unknown reply type {reply.GetType().Name}.", nameof(reply));
            }

            w.WriteEndElement();
        }

        return text.ToString();
    }

    private static void Wrapped(XmlWriter w, string wrapper, params (string Name, string? Value)[] fields)
    {
        w.WriteStartElement(wrapper);
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                Data(w, name, value);
            }
        }

        w.WriteEndElement();
    }

    private static void Data(XmlWriter w, string name, string? value)
    {
        w.WriteStartElement(name);
        var clean = XmlSafe(value ?? string.Empty);
        // XmlWriter splits a "]]>" inside across two CDATA sections; it would throw on an invalid character.
        w.WriteCData(clean);
        w.WriteEndElement();
    }

    private static string XmlSafe(string value)
    {
        var firstBad = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsValidAt(value, i, out var width))
            {
                firstBad = i;
                break;
            }

            i += width - 1;
        }

        if (firstBad < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, firstBad);
        for (var i = firstBad; i < value.Length; i++)
        {
            if (IsValidAt(value, i, out var width))
            {
                sb.Append(value, i, width);
                i += width - 1;
            }
        }

        return sb.ToString();
    }

    private static bool IsValidAt(string s, int i, out int width)
    {
        width = 1;
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                width = 2;
                return true;
            }

            return false;
        }

        return XmlConvert.IsXmlChar(c);
    }
}
