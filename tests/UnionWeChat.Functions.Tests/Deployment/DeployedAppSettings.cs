using System.Text.Json.Nodes;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The app settings a deployed function app resource is given (<c>properties.siteConfig.appSettings</c>, name → value)
/// and the worker runtime of its <c>properties.functionAppConfig.runtime</c>.
/// </summary>
internal sealed record DeployedAppSettings(IReadOnlyDictionary<string, string> Values, string? RuntimeName, string? RuntimeVersion)
{
    public static DeployedAppSettings Read(JsonObject functionApp)
    {
        var properties = functionApp["properties"];
        if (properties?["siteConfig"]?["appSettings"] is not JsonArray entries)
        {
            throw new InvalidDataException(
                "the function app's siteConfig.appSettings is not an array of settings: " + properties?["siteConfig"]?.ToJsonString());
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var name = entry?["name"].AsText() ?? throw new InvalidDataException("an app setting without a name: " + entry?.ToJsonString());
            var value = entry["value"];
            // App Service keeps one value per name; two entries for one name are a mistake in the template.
            if (!values.TryAdd(name, value.AsText() ?? value?.ToJsonString() ?? ""))
            {
                throw new InvalidDataException($"app setting {name} is given twice");
            }
        }
        var runtime = properties["functionAppConfig"]?["runtime"];
        return new DeployedAppSettings(values, runtime?["name"].AsText(), runtime?["version"].AsText());
    }

    public bool Contains(string key) => Values.ContainsKey(key);
}
