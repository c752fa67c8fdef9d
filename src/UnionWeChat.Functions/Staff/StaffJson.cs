using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionWeChat.Functions.Staff;

/// <summary>JSON of the staff API: web defaults with enums by name (<c>"InProgress"</c>), kept to these routes.</summary>
public static class StaffJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
