using System.Text.Json.Nodes;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>Every key the app needs is given to it by what the compiled infrastructure template deploys.</summary>
public sealed class ConfigurationCoverageTests
{
    public static TheoryData<string> RequiredKeys => new(RequiredConfigurationKeys.All);

    [Theory]
    [InlineData("defaults")]
    [InlineData("other choices")]
    public async Task Every_required_configuration_key_is_given_to_the_app_by_the_compiled_template(string variant)
    {
        var deployment = variant == "defaults" ? await TestDeployment.DefaultAsync() : await TestDeployment.OtherChoicesAsync();

        var missing = ConfigurationCoverage.MissingKeys(RequiredConfigurationKeys.All, deployment.AppSettings);

        Assert.True(missing.Count == 0, "the function app deployed by infra/main.bicep is not given: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Coverage_check_reports_a_key_removed_from_the_deployed_app_settings(string key)
    {
        var deployment = await TestDeployment.DefaultAsync();

        var without = deployment.With(copy => Remove(copy.FunctionApp, key));

        Assert.Empty(ConfigurationCoverage.MissingKeys([key], deployment.AppSettings));
        Assert.Equal([key], ConfigurationCoverage.MissingKeys(RequiredConfigurationKeys.All, without.AppSettings));
    }

    [Fact]
    public void Every_key_the_app_refuses_to_start_without_is_required_of_the_template()
    {
        // With nothing configured, each option class of the app names the keys it cannot do without; the app stops
        // at start-up when any of them is reported (ConfigurationReport).
        var optionTypes = typeof(IValidatedOptions).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IValidatedOptions).IsAssignableFrom(type))
            .ToList();
        Assert.NotEmpty(optionTypes);

        var keys = optionTypes
            .SelectMany(type => ((IValidatedOptions)Activator.CreateInstance(type)!).Validate())
            .Select(problem => problem.Key)
            .Distinct()
            .ToList();

        Assert.Contains("WeChat__AppId", keys);
        Assert.Empty(keys.Except(RequiredConfigurationKeys.All));
    }

    [Fact]
    public void App_settings_are_read_from_the_function_app_resource()
    {
        var functionApp = JsonNode.Parse("""
            {
              "type": "Microsoft.Web/sites",
              "name": "unionwechat-app",
              "properties": {
                "siteConfig": { "appSettings": [ { "name": "WeChat__AppId", "value": "wx1" }, { "name": "AZURE_CLIENT_ID", "value": "[reference('id', '2023-01-31').clientId]" } ] },
                "functionAppConfig": { "runtime": { "name": "dotnet-isolated", "version": "10.0" } }
              }
            }
            """)!.AsObject();

        var settings = DeployedAppSettings.Read(functionApp);

        Assert.Equal(new Dictionary<string, string>
        {
            ["WeChat__AppId"] = "wx1",
            ["AZURE_CLIENT_ID"] = "[reference('id', '2023-01-31').clientId]",
        }, settings.Values);
        Assert.Equal(("dotnet-isolated", "10.0"), (settings.RuntimeName, settings.RuntimeVersion));

        functionApp["properties"]!["siteConfig"]!["appSettings"]!.AsArray().Add(JsonNode.Parse("""{ "name": "WeChat__AppId", "value": "wx2" }"""));
        Assert.Throws<InvalidDataException>(() => DeployedAppSettings.Read(functionApp));
    }

    // The key's app setting entry removed, or for the worker runtime the runtime switched back to a custom handler.
    private static void Remove(JsonObject functionApp, string key)
    {
        if (key == ConfigurationCoverage.WorkerRuntimeKey)
        {
            functionApp["properties"]!["functionAppConfig"]!["runtime"]!["name"] = "custom";
            return;
        }
        var entries = functionApp["properties"]!["siteConfig"]!["appSettings"]!.AsArray();
        var entry = entries.Single(e => e!["name"].AsText() == key);
        entries.Remove(entry);
    }
}
