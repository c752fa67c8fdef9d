using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// A Bicep file compiled to an ARM template by the Bicep CLI (<c>bicep build</c>), with everything the build printed,
/// and what that compiled template deploys for given parameters (<see cref="DeployAsync"/>).
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(() => BuildAsync(InfrastructureFiles.MainBicepPath));

    private CompiledTemplate(string json, string buildOutput)
    {
        Json = json;
        BuildOutput = buildOutput;
    }

    /// <summary>infra/main.bicep, compiled once for the whole test run.</summary>
    public static Task<CompiledTemplate> MainAsync() => Main.Value;

    /// <summary>The ARM template (JSON text).</summary>
    public string Json { get; }

    /// <summary>Every warning, error or other line bicep printed while building; empty for a clean build.</summary>
    public string BuildOutput { get; }

    /// <summary>A fresh copy of the template's JSON.</summary>
    public JsonObject Template => JsonNode.Parse(Json)!.AsObject();

    public static async Task<CompiledTemplate> BuildAsync(string bicepFile)
    {
        var work = Directory.CreateTempSubdirectory("unionwechat-bicep-");
        try
        {
            var armFile = Path.Combine(work.FullName, "main.json");
            var run = await BicepCli.RunAsync("build", bicepFile, "--outfile", armFile);
            if (run.ExitCode != 0 || !File.Exists(armFile))
            {
                throw new InvalidOperationException($"bicep build {bicepFile} failed (exit {run.ExitCode}):\n{run.Output}");
            }
            return new CompiledTemplate(await File.ReadAllTextAsync(armFile), run.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// What this compiled template deploys with the parameters, as the Bicep CLI's deployment engine predicts it offline
    /// (<c>bicep snapshot</c> of a parameters file that uses the ARM JSON): parameters, variables, conditions, copy
    /// loops and nested module deployments evaluated; what only Azure knows (<c>reference()</c>, <c>environment()</c>)
    /// left as ARM expressions. The prediction treats secure parameters as plain ones, so that what the template does
    /// with a secret value (and whether it leaks it) can be seen; the snapshot would leave them unknown.
    /// </summary>
    public async Task<PredictedDeployment> DeployAsync(IReadOnlyDictionary<string, object> parameters)
    {
        var work = Directory.CreateTempSubdirectory("unionwechat-bicep-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "main.json"), WithoutSecureParameters().ToJsonString());
            var parametersFile = Path.Combine(work.FullName, "deploy.bicepparam");
            await File.WriteAllTextAsync(parametersFile, BicepParameters(parameters));
            var run = await BicepCli.RunAsync(
                "snapshot", parametersFile, "--mode", "overwrite",
                "--tenant-id", TestDeployment.TenantId,
                "--subscription-id", TestDeployment.SubscriptionId,
                "--resource-group", TestDeployment.ResourceGroup,
                "--location", TestDeployment.Location);
            var snapshotFile = Path.Combine(work.FullName, "deploy.snapshot.json");
            if (run.ExitCode != 0 || run.Output.Length > 0 || !File.Exists(snapshotFile))
            {
                throw new InvalidOperationException($"bicep snapshot failed (exit {run.ExitCode}):\n{run.Output}");
            }
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(snapshotFile))!.AsObject();
            if (snapshot["diagnostics"] is JsonArray { Count: > 0 } diagnostics)
            {
                throw new InvalidOperationException("bicep snapshot reported: " + diagnostics.ToJsonString());
            }
            return new PredictedDeployment(snapshot);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private JsonObject WithoutSecureParameters()
    {
        var template = Template;
        foreach (var (_, parameter) in template["parameters"]?.AsObject() ?? new JsonObject())
        {
            var type = parameter?["type"].AsText();
            if (string.Equals(type, "securestring", StringComparison.OrdinalIgnoreCase))
            {
                parameter!["type"] = "string";
            }
            else if (string.Equals(type, "secureobject", StringComparison.OrdinalIgnoreCase))
            {
                parameter!["type"] = "object";
            }
        }
        return template;
    }

    private static string BicepParameters(IReadOnlyDictionary<string, object> parameters)
    {
        var text = new StringBuilder("using 'main.json'\n");
        foreach (var (name, value) in parameters)
        {
            text.Append(CultureInfo.InvariantCulture, $"param {name} = {BicepValue(value)}\n");
        }
        return text.ToString();
    }

    private static string BicepValue(object value) => value switch
    {
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("unsupported parameter value " + value),
    };
}

/// <summary>
/// infra/main.bicep deployed (as predicted from its compiled template) with made-up values for its required
/// parameters, once with the defaults and once with the other choices.
/// </summary>
internal static class TestDeployment
{
    public const string TenantId = "11111111-1111-1111-1111-111111111111";
    public const string SubscriptionId = "22222222-2222-2222-2222-222222222222";
    public const string ResourceGroup = "rg-unionwechat-test";
    public const string Location = "eastasia";

    public const string WeChatAppId = "wx0123456789abcdef";
    public const string WeChatAppSecret = "appsecret0123456789abcdef0123456";
    public const string WeChatToken = "ServerToken42";
    public const string WeChatEncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string StaffAuthClientId = "33333333-3333-3333-3333-333333333333";
    public const string StaffAuthClientSecret = "client~secret~from~entra";

    private static readonly Lazy<Task<PredictedDeployment>> DefaultDeployment = new(() => DeployAsync(new()));

    private static readonly Lazy<Task<PredictedDeployment>> OtherChoicesDeployment = new(() => DeployAsync(new()
    {
        ["staticOutboundIp"] = false,
        ["staffAuthClientSecret"] = StaffAuthClientSecret,
        ["alwaysReadyHttpInstances"] = 1,
    }));

    /// <summary>The defaults: static outbound IP, no staff sign-in client secret.</summary>
    public static Task<PredictedDeployment> DefaultAsync() => DefaultDeployment.Value;

    /// <summary>No static outbound IP, a staff sign-in client secret, one always-ready instance.</summary>
    public static Task<PredictedDeployment> OtherChoicesAsync() => OtherChoicesDeployment.Value;

    public static IEnumerable<Func<Task<PredictedDeployment>>> Variants => [DefaultAsync, OtherChoicesAsync];

    private static async Task<PredictedDeployment> DeployAsync(Dictionary<string, object> choices)
    {
        var parameters = new Dictionary<string, object>
        {
            ["wechatAppId"] = WeChatAppId,
            ["wechatAppSecret"] = WeChatAppSecret,
            ["wechatToken"] = WeChatToken,
            ["wechatEncodingAesKey"] = WeChatEncodingAesKey,
            ["staffAuthClientId"] = StaffAuthClientId,
        };
        foreach (var (name, value) in choices)
        {
            parameters[name] = value;
        }
        var template = await CompiledTemplate.MainAsync();
        return await template.DeployAsync(parameters);
    }
}

/// <summary>The resources and outputs a compiled template deploys (a <c>bicep snapshot</c>).</summary>
internal sealed class PredictedDeployment(JsonObject snapshot)
{
    public IReadOnlyList<JsonObject> Resources =>
        (snapshot["predictedResources"] as JsonArray ?? []).Select(resource => resource!.AsObject()).ToList();

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Text("type"), type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected one {type}, the template deploys {matches.Count}");
        return matches[0];
    }

    public JsonObject FunctionApp => Single("Microsoft.Web/sites");

    public DeployedAppSettings AppSettings => DeployedAppSettings.Read(FunctionApp);

    public string? Output(string name) => snapshot["outputs"]?[name].AsText();

    /// <summary>A changed copy, to show that a check notices what it is meant to notice.</summary>
    public PredictedDeployment With(Action<PredictedDeployment> change)
    {
        var copy = new PredictedDeployment(snapshot.DeepClone().AsObject());
        change(copy);
        return copy;
    }
}

internal static class JsonText
{
    /// <summary>The node's string value, or null when it is missing or not a string.</summary>
    public static string? AsText(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string? Text(this JsonNode node, params string[] path)
    {
        JsonNode? current = node;
        foreach (var step in path)
        {
            current = current is JsonObject o ? o[step] : null;
        }
        return current.AsText();
    }
}
