using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Tests.Deployment;

public sealed partial class InfrastructureTemplateTests
{
    private readonly string _bicep = InfrastructureFiles.ReadMainBicep();

    [Fact]
    public void WeChat_secrets_reach_the_app_only_as_key_vault_references()
    {
        var settings = BicepAppSettings.Parse(_bicep);
        var references = SecretReferences();

        foreach (var key in RequiredConfigurationKeys.Secrets)
        {
            var value = settings.Values[key];
            Assert.True(value.StartsWith("secretRefs.", StringComparison.Ordinal), $"{key} is set to {value}, not a Key Vault reference");
            Assert.StartsWith("@Microsoft.KeyVault(SecretUri=", references[value["secretRefs.".Length..]], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Storage_is_reached_with_the_managed_identity_and_never_an_account_key()
    {
        var settings = BicepAppSettings.Parse(_bicep);

        Assert.False(settings.Contains("Storage__ConnectionString"));
        Assert.False(settings.Contains("AzureWebJobsStorage"));
        Assert.Equal("'managedidentity'", settings.Values["AzureWebJobsStorage__credential"]);
        Assert.Contains("allowSharedKeyAccess: false", _bicep, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/wechat")]
    [InlineData("/api/vote")]
    [InlineData("/api/vote/4f1c/ballot")]
    [InlineData("/api/health")]
    public void WeChat_and_vote_paths_stay_anonymous(string path)
    {
        Assert.Contains(AnonymousPaths(), excluded => EasyAuthExcludes(excluded, path));
    }

    [Theory]
    [InlineData("/api/staff/cases")]
    [InlineData("/staff/")]
    [InlineData("/staff/cases/2026-0001")]
    [InlineData("/api/console/")]
    [InlineData("/api/console/cases/TS-20261121-0001")]
    [InlineData("/api/wechat-admin")]
    public void Staff_paths_require_sign_in(string path)
    {
        Assert.Contains("requireAuthentication: true", _bicep, StringComparison.Ordinal);
        Assert.DoesNotContain(AnonymousPaths(), excluded => EasyAuthExcludes(excluded, path));
    }

    // App Service Authentication lets a request through when its path equals an excluded path or, for an entry
    // ending in /*, lies under it: https://learn.microsoft.com/azure/app-service/configure-authentication-file-based
    private static bool EasyAuthExcludes(string excluded, string path) =>
        excluded.EndsWith("/*", StringComparison.Ordinal)
            ? path.StartsWith(excluded[..^1], StringComparison.Ordinal)
            : path == excluded;

    private List<string> AnonymousPaths()
    {
        var block = AnonymousPathsDefault().Match(_bicep);
        Assert.True(block.Success, "param anonymousPaths not found in infra/main.bicep");
        return QuotedString().Matches(block.Groups["items"].Value).Select(m => m.Groups[1].Value).ToList();
    }

    private Dictionary<string, string> SecretReferences()
    {
        var block = SecretRefsVariable().Match(_bicep);
        Assert.True(block.Success, "var secretRefs not found in infra/main.bicep");
        return ObjectEntry().Matches(block.Groups["body"].Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
    }

    [GeneratedRegex(@"^var secretRefs = \{(?<body>.*?)^\}", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SecretRefsVariable();

    [GeneratedRegex(@"^\s*(?<name>\w+):\s*'(?<value>[^']*)'", RegexOptions.Multiline)]
    private static partial Regex ObjectEntry();

    [GeneratedRegex(@"param anonymousPaths array = \[(?<items>[^\]]*)\]")]
    private static partial Regex AnonymousPathsDefault();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedString();
}
