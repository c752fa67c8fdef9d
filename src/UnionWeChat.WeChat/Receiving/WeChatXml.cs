using System.Text;
using System.Xml;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// Reads WeChat's push XML safely: DTDs prohibited (so no entity expansion and no external fetches), no resolver,
/// bounded size, depth and element count.
/// </summary>
/// <remarks>
/// <para>The result maps each leaf element to its text (CDATA and text alike, whitespace kept). A leaf directly
/// under the <c>&lt;xml&gt;</c> root is keyed by its name (<c>Content</c>); a nested leaf by its path below the root
/// joined with '/' (<c>ScanCodeInfo/ScanType</c>, <c>SendPicsInfo/PicList/item/PicMd5Sum</c>). When a path occurs
/// more than once, the first occurrence keeps the plain key and later ones get <c>#2</c>, <c>#3</c>… appended
/// (<c>SendPicsInfo/PicList/item/PicMd5Sum#2</c>); <see cref="GetAll"/> reads them back in order.
/// Elements that have children contribute only their children; attributes are ignored.</para>
/// <para>The root element must be named <c>xml</c>, as in every WeChat push and reply.</para>
/// </remarks>
public static class WeChatXml
{
    /// <summary>Largest document accepted, in characters. Push bodies are limited far below this by <see cref="PushReceiverOptions.MaxBodyBytes"/>.</summary>
    public const int MaxDocumentChars = 1024 * 1024;

    /// <summary>Deepest element nesting accepted (WeChat's deepest, <c>SendPicsInfo/PicList/item/PicMd5Sum</c>, is 5 with the root).</summary>
    public const int MaxDepth = 16;

    /// <summary>Most leaf elements accepted in one document.</summary>
    public const int MaxFields = 4096;

    /// <summary>Name of the root element.</summary>
    public const string RootName = "xml";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentChars,
        // 0 would mean "unlimited" in .NET; DTDs are prohibited anyway, so no entity can be declared to expand.
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>Parses <paramref name="xml"/> into leaf path → text (see remarks for the key scheme).</summary>
    /// <exception cref="WeChatProtocolException">
    /// <see cref="WeChatProtocolError.TooLarge"/>, <see cref="WeChatProtocolError.DtdProhibited"/> or <see cref="WeChatProtocolError.Malformed"/>.
    /// </exception>
    public static IReadOnlyDictionary<string, string> Parse(string? xml)
    {
        if (string.IsNullOrEmpty(xml))
        {
            throw Malformed("The body is empty.");
        }

        if (xml.Length > MaxDocumentChars)
        {
            throw new WeChatProtocolException(WeChatProtocolError.TooLarge, "The XML document is too large.");
        }

        var rootSeen = false;
        try
        {
            return Read(xml, ref rootSeen);
        }
        catch (XmlException ex)
        {
            // A DOCTYPE is only legal before the root element, where no CDATA can hide the text.
            if (!rootSeen && xml.Contains("<!DOCTYPE", StringComparison.Ordinal))
            {
                throw new WeChatProtocolException(WeChatProtocolError.DtdProhibited, "The body declares a DTD; DTDs are not processed.", ex);
            }

            throw Malformed("The body is not well-formed XML.", ex);
        }
    }

    /// <summary>Every value of a repeated <paramref name="path"/>, in document order (<c>path</c>, <c>path#2</c>, …).</summary>
    public static IReadOnlyList<string> GetAll(IReadOnlyDictionary<string, string> fields, string path)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(path);
        var values = new List<string>();
        if (!fields.TryGetValue(path, out var first))
        {
            return values;
        }

        values.Add(first);
        for (var n = 2; fields.TryGetValue(path + "#" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), out var next); n++)
        {
            values.Add(next);
        }

        return values;
    }

    private static Dictionary<string, string> Read(string xml, ref bool rootSeen)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var hasChildren = new List<bool>();
        var text = new StringBuilder();

        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when !rootSeen:
                    if (reader.Name != RootName)
                    {
                        throw Malformed("The root element is not <xml>.");
                    }

                    rootSeen = true;
                    if (!reader.IsEmptyElement)
                    {
                        path.Add(RootName);
                        hasChildren.Add(false);
                    }

                    break;

                case XmlNodeType.Element:
                    if (path.Count >= MaxDepth)
                    {
                        throw Malformed("The XML is nested too deeply.");
                    }

                    hasChildren[^1] = true;
                    text.Clear();
                    if (reader.IsEmptyElement)
                    {
                        Add(fields, occurrences, KeyOf(path, reader.Name), string.Empty);
                    }
                    else
                    {
                        path.Add(reader.Name);
                        hasChildren.Add(false);
                    }

                    break;

                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(reader.Value);
                    break;

                case XmlNodeType.EndElement:
                    if (path.Count > 1 && !hasChildren[^1])
                    {
                        Add(fields, occurrences, KeyOf(path, null), text.ToString());
                    }

                    text.Clear();
                    path.RemoveAt(path.Count - 1);
                    hasChildren.RemoveAt(hasChildren.Count - 1);
                    break;

                default:
                    break;
            }
        }

        return fields;
    }

    private static string KeyOf(List<string> path, string? leaf)
    {
        // path[0] is the root, which is not part of the key.
        var parts = path.Skip(1);
        if (leaf is not null)
        {
            parts = parts.Append(leaf);
        }

        return string.Join('/', parts);
    }

    private static void Add(Dictionary<string, string> fields, Dictionary<string, int> occurrences, string key, string value)
    {
        if (fields.Count >= MaxFields)
        {
            throw Malformed("The XML has too many elements.");
        }

        occurrences.TryGetValue(key, out var seen);
        occurrences[key] = seen + 1;
        var unique = seen == 0 ? key : key + "#" + (seen + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A literal element name cannot contain '#', so a numbered key never collides with a real path.
        fields[unique] = value;
    }

    private static WeChatProtocolException Malformed(string message, Exception? inner = null) =>
        new(WeChatProtocolError.Malformed, message, inner);
}
