using System.Globalization;
using System.Text.Json;

namespace UnionWeChat.Tables.Serialization;

/// <summary>
/// Reads entities from <c>application/json;odata=minimalmetadata</c> responses: Int64, DateTime, Guid and Binary
/// arrive annotated (<c>Name@odata.type</c>); Int32, Double, Boolean and String are plain JSON.
/// </summary>
internal static class EntityJsonReader
{
    private const string TypeSuffix = "@odata.type";

    /// <summary>One entity (Query Entities with both keys).</summary>
    public static TableEntity ReadEntity(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadEntity(document.RootElement);
    }

    /// <summary>The <c>value</c> array of a query response.</summary>
    public static List<TableEntity> ReadEntities(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var entities = new List<TableEntity>();
        if (document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in value.EnumerateArray())
            {
                entities.Add(ReadEntity(element));
            }
        }
        return entities;
    }

    private static TableEntity ReadEntity(JsonElement element)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        var entity = new TableEntity(
            element.TryGetProperty("PartitionKey", out var pk) ? pk.GetString() ?? "" : "",
            element.TryGetProperty("RowKey", out var rk) ? rk.GetString() ?? "" : "");
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.EndsWith(TypeSuffix, StringComparison.Ordinal))
            {
                continue;
            }
            if (name == "odata.etag")
            {
                entity.ETag = property.Value.GetString();
            }
            else if (name == "Timestamp")
            {
                entity.Timestamp = ParseDateTime(property.Value.GetString()!);
            }
            else if (!name.StartsWith("odata.", StringComparison.Ordinal) && property.Value.ValueKind != JsonValueKind.Null)
            {
                entity.SetFromService(name, ReadValue(property.Value, types.GetValueOrDefault(name)));
            }
        }
        return entity;
    }

    private static object ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        EdmType.Int64 => value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : value.GetInt64(),
        EdmType.DateTime => ParseDateTime(value.GetString()!),
        EdmType.Guid => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        EdmType.Binary => value.GetBytesFromBase64(),
        EdmType.Double => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!.Replace("INF", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture)
            : value.GetDouble(),
        EdmType.Int32 => value.GetInt32(),
        EdmType.Boolean => value.GetBoolean(),
        EdmType.String => value.GetString()!,
        _ => ReadUntyped(value),
    };

    private static object ReadUntyped(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when IsIntegerText(value.GetRawText()) && value.TryGetInt32(out var i) => i,
        JsonValueKind.Number => value.GetDouble(),
        _ => throw new JsonException($"Unexpected JSON {value.ValueKind} in an entity."),
    };

    private static bool IsIntegerText(string raw) => raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
