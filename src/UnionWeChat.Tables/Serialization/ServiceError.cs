using System.Text.Json;
using Azure;

namespace UnionWeChat.Tables.Serialization;

/// <summary>
/// The error a Table service response carries: its code (<c>x-ms-error-code</c> or <c>odata.error.code</c>) and the
/// first line of its message (the rest is request id and time).
/// </summary>
internal readonly record struct ServiceError(string? Code, string? Message)
{
    private const int MaxMessageLength = 200;

    public static ServiceError From(Response response)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var fromBody = response.ContentStream is { CanSeek: true } stream ? FromJson(stream) : default;
        return new ServiceError(fromBody.Code ?? headerCode, fromBody.Message);
    }

    /// <summary>Parses <c>{"odata.error":{"code":…,"message":{"value":…}}}</c>; anything else gives no details.</summary>
    public static ServiceError FromJson(Stream stream)
    {
        try
        {
            stream.Position = 0;
            using var document = JsonDocument.Parse(stream);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return default; // not JSON (an HTML error page from a proxy, say): status alone must do
        }
    }

    public static ServiceError FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("odata.error", out var error))
        {
            return default;
        }
        var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
        string? message = null;
        if (error.TryGetProperty("message", out var m))
        {
            message = m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString()
                : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        return new ServiceError(code, FirstLine(message));
    }

    private static string? FirstLine(string? message)
    {
        if (message is null)
        {
            return null;
        }
        var end = message.IndexOfAny(['\r', '\n']);
        var line = end < 0 ? message : message[..end];
        return line.Length > MaxMessageLength ? line[..MaxMessageLength] : line;
    }
}
