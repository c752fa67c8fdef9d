using System.Xml;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>The envelope of an encrypted reply, as the passive-reply encryption docs lay it out.</summary>
internal static class EncryptedReply
{
    /// <summary>Formats the envelope: Encrypt, MsgSignature, TimeStamp, Nonce.</summary>
    public static string Format(string encrypt, string msgSignature, string timestamp, string nonce)
    {
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false };
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = XmlWriter.Create(text, settings))
        {
            writer.WriteStartElement(WeChatXml.RootName);
            WriteCData(writer, "Encrypt", encrypt);
            WriteCData(writer, "MsgSignature", msgSignature);
            writer.WriteElementString("TimeStamp", timestamp);
            WriteCData(writer, "Nonce", nonce);
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    private static void WriteCData(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement(name);
        writer.WriteCData(value);
        writer.WriteEndElement();
    }
}
