using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The app settings a Bicep file gives the function app, read from its <c>{ name: '...' value: ... }</c> entries,
/// and the custom-handler runtime it declares in <c>functionAppConfig.runtime</c>.
/// </summary>
internal sealed partial record BicepAppSettings(IReadOnlyDictionary<string, string> Values, string? RuntimeName)
{
    public static BicepAppSettings Parse(string bicep)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in AppSettingEntry().Matches(bicep))
        {
            values[match.Groups["name"].Value] = match.Groups["value"].Value.Trim();
        }
        var runtime = RuntimeBlock().Match(bicep);
        return new BicepAppSettings(values, runtime.Success ? runtime.Groups["name"].Value : null);
    }

    public bool Contains(string key) => Values.ContainsKey(key);

    // An app setting entry: a quoted name followed on the next line by its value expression.
    [GeneratedRegex(@"^\s*name:\s*'(?<name>[A-Za-z0-9_]+)'\s*\r?\n\s*value:\s*(?<value>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex AppSettingEntry();

    [GeneratedRegex(@"runtime:\s*\{\s*name:\s*'(?<name>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex RuntimeBlock();
}
