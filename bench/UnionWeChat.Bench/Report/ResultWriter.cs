using System.Text.Encodings.Web;
using System.Text.Json;

namespace UnionWeChat.Bench.Report;

/// <summary>Writes each result as <c>&lt;results&gt;/&lt;name&gt;.json</c> (git-ignored), replacing the previous run's.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<string> WriteAsync(ScenarioResult result, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, result.Name + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json), ct);
        return path;
    }
}
