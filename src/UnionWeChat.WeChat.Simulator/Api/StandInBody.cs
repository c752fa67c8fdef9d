using System.Text;
using System.Text.Json;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>
/// Field checks for request bodies. Each returns 0 or the errcode to answer: the given code when a required field
/// is absent or empty, 47001 (data format error) when a field has the wrong JSON type.
/// </summary>
internal static class StandInBody
{
    public const int DataFormatError = 47001;

    public static int RequireString(JsonElement obj, string name, int missingCode, out string value)
    {
        value = "";
        if (!obj.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return missingCode;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            return DataFormatError;
        }

        value = field.GetString() ?? "";
        return value.Length == 0 ? missingCode : 0;
    }

    public static int OptionalString(JsonElement obj, string name, out string? value)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (field.ValueKind != JsonValueKind.String)
        {
            return DataFormatError;
        }

        value = field.GetString();
        return 0;
    }

    public static int RequireObject(JsonElement obj, string name, int missingCode, out JsonElement value)
    {
        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return missingCode;
        }

        return value.ValueKind == JsonValueKind.Object ? 0 : DataFormatError;
    }

    public static int RequireArray(JsonElement obj, string name, int missingCode, out JsonElement value)
    {
        if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
        {
            return missingCode;
        }

        return value.ValueKind == JsonValueKind.Array ? 0 : DataFormatError;
    }

    public static int RequireInt(JsonElement obj, string name, int missingCode, out long value)
    {
        value = 0;
        if (!obj.TryGetProperty(name, out var field) || field.ValueKind == JsonValueKind.Null)
        {
            return missingCode;
        }

        return field.ValueKind == JsonValueKind.Number && field.TryGetInt64(out value) ? 0 : DataFormatError;
    }

    /// <summary>Every element a non-empty string; 47001 otherwise.</summary>
    public static int Strings(JsonElement array, out List<string> values)
    {
        values = [];
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
            {
                return DataFormatError;
            }

            values.Add(item.GetString()!);
        }

        return 0;
    }

    public static int Bytes(string value) => Encoding.UTF8.GetByteCount(value);
}
