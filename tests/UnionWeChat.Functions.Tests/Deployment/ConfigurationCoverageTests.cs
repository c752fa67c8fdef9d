using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Tests.Deployment;

public sealed class ConfigurationCoverageTests
{
    public static TheoryData<string> RequiredKeys => new(RequiredConfigurationKeys.All);

    [Fact]
    public void Every_required_configuration_key_is_given_to_the_app_by_the_bicep()
    {
        var settings = BicepAppSettings.Parse(InfrastructureFiles.ReadMainBicep());

        var missing = ConfigurationCoverage.MissingKeys(RequiredConfigurationKeys.All, settings);

        Assert.True(missing.Count == 0, "infra/main.bicep does not set: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public void Coverage_check_reports_a_key_removed_from_the_bicep(string key)
    {
        var original = InfrastructureFiles.ReadMainBicep();
        var withoutKey = Remove(original, key);
        Assert.NotEqual(original, withoutKey);

        var missing = ConfigurationCoverage.MissingKeys(RequiredConfigurationKeys.All, BicepAppSettings.Parse(withoutKey));

        Assert.Equal([key], missing);
    }

    [Fact]
    public void Parser_reads_app_setting_names_and_values_but_not_resource_names()
    {
        const string bicep = """
            resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
              name: 'unionwechat-identity'
              location: location
            }
            var appSettings = [
              {
                name: 'WeChat__AppId'
                value: wechatAppId
              }
            ]
            """;

        var settings = BicepAppSettings.Parse(bicep);

        Assert.Equal(new Dictionary<string, string> { ["WeChat__AppId"] = "wechatAppId" }, settings.Values);
        Assert.Null(settings.RuntimeName);
    }

    // A copy of the Bicep text without the key: its app setting entry removed, or for the worker runtime the
    // functionAppConfig runtime renamed away from the custom handler.
    private static string Remove(string bicep, string key)
    {
        var entry = new Regex(@"^\s*name:\s*'" + Regex.Escape(key) + @"'\s*\r?\n\s*value:.*\r?\n", RegexOptions.Multiline);
        var removed = entry.Replace(bicep, string.Empty);
        return key == "FUNCTIONS_WORKER_RUNTIME"
            ? Regex.Replace(removed, @"(runtime:\s*\{\s*name:\s*)'custom'", "$1'dotnet-isolated'")
            : removed;
    }
}
