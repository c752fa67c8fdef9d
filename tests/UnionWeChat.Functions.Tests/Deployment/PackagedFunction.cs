using System.Text.Json;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// One function as <c>functions.metadata</c> declares it to the Functions host (the Worker SDK writes the file from
/// the <c>[Function]</c> attributes): its name, the method it runs, and its bindings.
/// </summary>
public sealed record PackagedFunction(string Name, string EntryPoint, string ScriptFile, IReadOnlyList<JsonElement> Triggers, IReadOnlyList<JsonElement> Outputs)
{
    public JsonElement Trigger => Triggers.Count == 1
        ? Triggers[0]
        : throw new InvalidOperationException($"{Name} has {Triggers.Count} triggers");

    public string TriggerType => Text("type") ?? string.Empty;

    public bool IsHttp => TriggerType == "httpTrigger";

    public bool IsTimer => TriggerType == "timerTrigger";

    public string? Text(string property) =>
        Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Methods =>
        Trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
            ? methods.EnumerateArray().Select(m => (m.GetString() ?? string.Empty).ToUpperInvariant()).ToList()
            : [];

    /// <summary>Every function in a <c>functions.metadata</c> file.</summary>
    public static IReadOnlyList<PackagedFunction> ReadAll(string metadataPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metadataPath));
            return document.RootElement.EnumerateArray().Select(Read).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{metadataPath} is not a functions.metadata array of functions: {e.Message}", e);
        }
    }

    private static PackagedFunction Read(JsonElement function)
    {
        var bindings = function.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
        // The SDK writes "In"/"Out"; the host reads the direction case-insensitively.
        var triggers = bindings.Where(b => Is(b, "direction", "in") && Type(b).EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        return new PackagedFunction(
            function.GetProperty("name").GetString() ?? string.Empty,
            function.GetProperty("entryPoint").GetString() ?? string.Empty,
            function.GetProperty("scriptFile").GetString() ?? string.Empty,
            triggers,
            bindings.Where(b => Is(b, "direction", "out")).ToList());
    }

    private static string Type(JsonElement binding) =>
        binding.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty;

    private static bool Is(JsonElement binding, string property, string expected) =>
        binding.TryGetProperty(property, out var value) && string.Equals(value.GetString(), expected, StringComparison.OrdinalIgnoreCase);
}
