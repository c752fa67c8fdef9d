using System.Text.Json;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>One <c>&lt;name&gt;/function.json</c> of the package: its trigger and output bindings.</summary>
public sealed record PackagedFunction(string Name, string Folder, IReadOnlyList<JsonElement> Triggers, IReadOnlyList<JsonElement> Outputs)
{
    public JsonElement Trigger => Triggers.Count == 1
        ? Triggers[0]
        : throw new InvalidOperationException($"{Folder}/function.json has {Triggers.Count} triggers");

    public string TriggerType => Text("type") ?? string.Empty;

    public bool IsHttp => TriggerType == "httpTrigger";

    public bool IsTimer => TriggerType == "timerTrigger";

    public string? Text(string property) =>
        Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Methods =>
        Trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
            ? methods.EnumerateArray().Select(m => (m.GetString() ?? string.Empty).ToUpperInvariant()).ToList()
            : [];

    public static PackagedFunction Read(string appDirectory, string functionJsonPath)
    {
        var folder = Path.GetRelativePath(appDirectory, Path.GetDirectoryName(functionJsonPath)!);
        List<JsonElement> bindings;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(functionJsonPath));
            bindings = document.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{folder}/function.json is not a function.json with a bindings array: {e.Message}", e);
        }
        var triggers = bindings.Where(b => Direction(b) == "in" && Type(b).EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        return new PackagedFunction(Path.GetFileName(folder), folder, triggers, bindings.Where(b => Direction(b) == "out").ToList());
    }

    private static string Type(JsonElement binding) =>
        binding.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty;

    private static string? Direction(JsonElement binding) =>
        binding.TryGetProperty("direction", out var direction) ? direction.GetString() : null;
}
