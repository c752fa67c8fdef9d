using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace UnionWeChat.Tables.Serialization;

/// <summary>
/// Writes an entity as the Table service's JSON, with <c>@odata.type</c> annotations for the types plain JSON cannot
/// carry (https://learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations):
/// Int64 as a string, DateTime, Guid and Binary as annotated strings, and Double annotated so a whole number is
/// not taken for an Int32.
/// </summary>
internal static class EntityJsonWriter
{
    // The default encoder writes non-ASCII text as \uXXXX, so bodies are pure ASCII. That costs bytes for Chinese
    // text but keeps it intact on Azurite, whose request reader decodes each socket chunk on its own and garbles a
    // multi-byte UTF-8 character split across two chunks (azurite/dist/src/table/generated/utils/serializer.js).
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Default };

    public static byte[] Write(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", entity.PartitionKey);
            writer.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                WriteProperty(writer, name, value);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body of Create Table.</summary>
    public static byte[] WriteTableName(string tableName)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("TableName", tableName);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case long l:
                Annotate(writer, name, EdmType.Int64);
                writer.WriteString(name, l.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case double d:
                Annotate(writer, name, EdmType.Double);
                writer.WriteNumber(name, d);
                break;
            case DateTimeOffset d:
                Annotate(writer, name, EdmType.DateTime);
                writer.WriteString(name, ODataLiteral.FormatDateTime(d));
                break;
            case Guid g:
                Annotate(writer, name, EdmType.Guid);
                writer.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                Annotate(writer, name, EdmType.Binary);
                writer.WriteBase64String(name, bytes);
                break;
            default:
                throw new TableEntityException(name, $"Property '{name}' has an unsupported type {value.GetType().Name}.");
        }
    }

    private static void Annotate(Utf8JsonWriter writer, string name, string edmType) =>
        writer.WriteString(name + "@odata.type", edmType);
}
