using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>Secrets, storage access and staff sign-in, as the compiled infrastructure template deploys them.</summary>
public sealed partial class InfrastructureTemplateTests
{
    private static readonly Dictionary<string, string> SecretParameterValues = new()
    {
        ["WeChat__AppSecret"] = TestDeployment.WeChatAppSecret,
        ["WeChat__Token"] = TestDeployment.WeChatToken,
        ["WeChat__EncodingAESKey"] = TestDeployment.WeChatEncodingAesKey,
    };

    [Fact]
    public async Task WeChat_secrets_reach_the_app_only_as_key_vault_references()
    {
        var deployment = await TestDeployment.DefaultAsync();
        var settings = deployment.AppSettings;

        Assert.Equal(RequiredConfigurationKeys.Secrets.Order(), SecretParameterValues.Keys.Order());
        foreach (var key in RequiredConfigurationKeys.Secrets)
        {
            AssertKeyVaultReference(deployment, key, settings.Values[key], SecretParameterValues[key]);
        }
    }

    [Fact]
    public async Task The_staff_sign_in_client_secret_reaches_the_app_as_a_key_vault_reference_only_when_given()
    {
        const string key = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET";
        var without = await TestDeployment.DefaultAsync();
        var with = await TestDeployment.OtherChoicesAsync();

        Assert.False(without.AppSettings.Contains(key));
        Assert.Null(ClientSecretSettingName(without));
        Assert.DoesNotContain(without.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Text("name")!.EndsWith("/Staff-AuthClientSecret", StringComparison.Ordinal));

        AssertKeyVaultReference(with, key, with.AppSettings.Values[key], TestDeployment.StaffAuthClientSecret);
        Assert.Equal(key, ClientSecretSettingName(with));
    }

    [Fact]
    public async Task Storage_is_reached_with_the_managed_identity_and_never_an_account_key()
    {
        var deployment = await TestDeployment.DefaultAsync();
        var settings = deployment.AppSettings;

        Assert.False(settings.Contains("Storage__ConnectionString"));
        Assert.False(settings.Contains("AzureWebJobsStorage"));
        Assert.Equal("managedidentity", settings.Values["AzureWebJobsStorage__credential"]);
        var account = deployment.Single("Microsoft.Storage/storageAccounts");
        Assert.Equal(false, (bool?)account["properties"]?["allowSharedKeyAccess"]);
        Assert.Equal(false, (bool?)account["properties"]?["allowBlobPublicAccess"]);
    }

    [Theory]
    [InlineData("/api/wechat")]
    [InlineData("/api/vote")]
    [InlineData("/api/vote/4f1c/ballot")]
    [InlineData("/api/health")]
    public async Task WeChat_and_vote_paths_stay_anonymous(string path)
    {
        var excluded = AnonymousPaths(await TestDeployment.DefaultAsync());

        Assert.Contains(excluded, entry => EasyAuthExcludes(entry, path));
    }

    [Theory]
    [InlineData("/api/staff/cases")]
    [InlineData("/staff/")]
    [InlineData("/staff/cases/2026-0001")]
    [InlineData("/api/console/")]
    [InlineData("/api/console/cases/TS-20261121-0001")]
    [InlineData("/api/wechat-admin")]
    public async Task Staff_paths_require_sign_in(string path)
    {
        var deployment = await TestDeployment.DefaultAsync();
        var auth = AuthSettings(deployment);

        Assert.Equal(true, (bool?)auth["properties"]?["platform"]?["enabled"]);
        Assert.Equal(true, (bool?)auth["properties"]?["globalValidation"]?["requireAuthentication"]);
        Assert.DoesNotContain(AnonymousPaths(deployment), entry => EasyAuthExcludes(entry, path));
    }

    // The value must be a versionless Key Vault reference (trailing slash: it follows the newest version) to a
    // secret of the template's vault, and that secret must hold the parameter's value; the value itself never
    // appears in the app setting.
    private static void AssertKeyVaultReference(PredictedDeployment deployment, string key, string value, string parameterValue)
    {
        Assert.DoesNotContain(parameterValue, value, StringComparison.Ordinal);
        var reference = KeyVaultReferenceExpression().Match(value) is { Success: true } expression ? expression : KeyVaultReferenceLiteral().Match(value);
        Assert.True(reference.Success, $"{key} is set to {value}, not a versionless Key Vault reference");

        var vault = deployment.Single("Microsoft.KeyVault/vaults").Text("name");
        Assert.Equal(vault, reference.Groups["vault"].Value);
        var secretName = $"{vault}/{reference.Groups["secret"].Value}";
        var secret = Assert.Single(deployment.OfType("Microsoft.KeyVault/vaults/secrets"), s => s.Text("name") == secretName);
        Assert.Equal(parameterValue, secret.Text("properties", "value"));
    }

    private static System.Text.Json.Nodes.JsonObject AuthSettings(PredictedDeployment deployment) =>
        Assert.Single(deployment.OfType("Microsoft.Web/sites/config"), c => c.Text("name")!.EndsWith("/authsettingsV2", StringComparison.Ordinal));

    private static string? ClientSecretSettingName(PredictedDeployment deployment) =>
        AuthSettings(deployment)["properties"]?["identityProviders"]?["azureActiveDirectory"]?["registration"]?["clientSecretSettingName"].AsText();

    private static List<string> AnonymousPaths(PredictedDeployment deployment)
    {
        var excluded = AuthSettings(deployment)["properties"]?["globalValidation"]?["excludedPaths"]?.AsArray();
        Assert.NotNull(excluded);
        return excluded.Select(p => p.AsText()!).ToList();
    }

    // App Service Authentication lets a request through when its path equals an excluded path or, for an entry
    // ending in /*, lies under it: https://learn.microsoft.com/azure/app-service/configure-authentication-file-based
    private static bool EasyAuthExcludes(string excluded, string path) =>
        excluded.EndsWith("/*", StringComparison.Ordinal)
            ? path.StartsWith(excluded[..^1], StringComparison.Ordinal)
            : path == excluded;

    // What the template's format() leaves for Azure to finish: the vault's DNS suffix depends on the cloud.
    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}secrets/\{1\}/\)', format\('https://\{0\}\{1\}/', '(?<vault>[^']+)', environment\(\)\.suffixes\.keyvaultDns\), '(?<secret>[^']+)'\)\]$")]
    private static partial Regex KeyVaultReferenceExpression();

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(SecretUri=https://(?<vault>[^./]+)\.vault\.[^/]+/secrets/(?<secret>[^/]+)/\)$")]
    private static partial Regex KeyVaultReferenceLiteral();
}
