using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled by the Bicep CLI: a clean build, then what the compiled ARM template deploys (runtime,
/// roles of the app's identity, storage endpoints, outbound network).
/// </summary>
public sealed partial class CompiledInfrastructureTests
{
    // Built-in role ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
    public static TheoryData<string, string> StorageRoles => new()
    {
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
        { "Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe" },
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
    };

    [Fact]
    public async Task Main_bicep_compiles_to_an_arm_template_without_any_warning()
    {
        var compiled = await CompiledTemplate.MainAsync();

        Assert.True(compiled.BuildOutput.Length == 0, "bicep build infra/main.bicep printed:\n" + compiled.BuildOutput);
        Assert.Contains("deploymentTemplate.json", compiled.Template.Text("$schema"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_build_check_sees_a_warning_such_as_a_module_read_before_it_may_exist()
    {
        var work = Directory.CreateTempSubdirectory("unionwechat-bicep-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "module.bicep"), "output value string = 'x'\n");
            var main = Path.Combine(work.FullName, "main.bicep");
            await File.WriteAllTextAsync(main, """
                param enabled bool
                module optional 'module.bicep' = if (enabled) {
                  name: 'optional'
                }
                output value string = enabled ? optional.outputs.value : ''
                """);

            var compiled = await CompiledTemplate.BuildAsync(main);

            Assert.Contains("BCP318", compiled.BuildOutput, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_function_app_runs_as_a_dotnet_isolated_worker_on_the_apps_dotnet_version()
    {
        var appVersion = new FrameworkName(typeof(IValidatedOptions).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName).Version;
        var expectedVersion = $"{appVersion.Major}.{appVersion.Minor}";
        var compiled = await CompiledTemplate.MainAsync();
        var deployment = await TestDeployment.DefaultAsync();

        // In the compiled template itself, and in what it deploys.
        var site = Assert.Single(compiled.Template["resources"]!.AsArray(), r => r!.Text("type") == "Microsoft.Web/sites")!;
        Assert.Equal(ConfigurationCoverage.IsolatedWorkerRuntime, site.Text("properties", "functionAppConfig", "runtime", "name"));
        Assert.Equal(expectedVersion, site.Text("properties", "functionAppConfig", "runtime", "version"));
        Assert.Equal((ConfigurationCoverage.IsolatedWorkerRuntime, expectedVersion), (deployment.AppSettings.RuntimeName, deployment.AppSettings.RuntimeVersion));

        Assert.Equal("FC1", deployment.Single("Microsoft.Web/serverfarms").Text("sku", "name"));
        Assert.Equal(deployment.Single("Microsoft.Web/serverfarms").Text("id"), deployment.FunctionApp.Text("properties", "serverFarmId"));
        // Flex Consumption refuses the worker runtime as an app setting; nothing of a custom handler is left.
        Assert.DoesNotContain(deployment.AppSettings.Values.Keys, key =>
            key.StartsWith("FUNCTIONS_WORKER_RUNTIME", StringComparison.Ordinal) || key.StartsWith("FUNCTIONS_CUSTOM", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(StorageRoles))]
    public async Task The_app_identity_holds_its_data_roles_on_the_data_storage_account(string role, string roleId)
    {
        var deployment = await TestDeployment.DefaultAsync();
        var account = DataAccount(deployment);

        var assignments = RoleAssignments(deployment, account.Text("id")!, roleId);

        var assignment = Assert.Single(assignments);
        Assert.True(AppIdentity(deployment) == Referenced(assignment.Text("properties", "principalId"), "principalId"),
            $"{role} is assigned to {assignment.Text("properties", "principalId")}, not to the app's identity {AppIdentity(deployment)}");
        Assert.Equal("ServicePrincipal", assignment.Text("properties", "principalType"));
    }

    [Fact]
    public async Task The_app_identity_is_the_one_its_code_and_key_vault_references_use()
    {
        var deployment = await TestDeployment.DefaultAsync();
        var identity = AppIdentity(deployment);
        var vault = deployment.Single("Microsoft.KeyVault/vaults");

        Assert.Equal(identity, Referenced(deployment.AppSettings.Values["AZURE_CLIENT_ID"], "clientId"));
        Assert.Equal(identity, Referenced(deployment.AppSettings.Values["AzureWebJobsStorage__clientId"], "clientId"));
        Assert.Equal(identity, deployment.FunctionApp.Text("properties", "keyVaultReferenceIdentity"));
        var secretsUser = Assert.Single(RoleAssignments(deployment, vault.Text("id")!, "4633458b-17de-408a-b874-0445c86b69e6"));
        Assert.Equal(identity, Referenced(secretsUser.Text("properties", "principalId"), "principalId"));
    }

    [Fact]
    public async Task Table_and_blob_endpoints_are_those_of_the_data_storage_account()
    {
        var deployment = await TestDeployment.DefaultAsync();
        var account = DataAccount(deployment);
        var settings = deployment.AppSettings.Values;

        Assert.True(IsEndpointOf(settings["Storage__TableEndpoint"], account, "table"), "Storage__TableEndpoint is " + settings["Storage__TableEndpoint"]);
        Assert.True(IsEndpointOf(settings["Storage__BlobEndpoint"], account, "blob"), "Storage__BlobEndpoint is " + settings["Storage__BlobEndpoint"]);
        Assert.Equal(account.Text("name"), settings["AzureWebJobsStorage__accountName"]);
        // The app creates its evidence container itself; the template only holds the deployment package's.
        Assert.DoesNotContain(deployment.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => c.Text("name")!.EndsWith("/evidence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_static_outbound_ip_the_app_goes_out_through_its_subnet_and_reports_that_ip()
    {
        var deployment = await TestDeployment.DefaultAsync();
        var vnet = deployment.Single("Microsoft.Network/virtualNetworks");
        var publicIp = deployment.Single("Microsoft.Network/publicIPAddresses");

        Assert.Matches(
            "^\\[reference\\('" + Regex.Escape(vnet.Text("id")!) + "', '[^']+'\\)\\.subnets\\[0\\]\\.id\\]$",
            deployment.FunctionApp.Text("properties", "virtualNetworkSubnetId"));
        Assert.Contains($"reference('{publicIp.Text("id")}', ", deployment.Output("outboundIpAddresses"), StringComparison.Ordinal);
        Assert.Contains("').ipAddress", deployment.Output("outboundIpAddresses"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_static_outbound_ip_no_network_is_deployed_and_the_app_reports_its_own_addresses()
    {
        var deployment = await TestDeployment.OtherChoicesAsync();

        Assert.DoesNotContain(deployment.Resources, r => r.Text("type")!.StartsWith("Microsoft.Network/", StringComparison.Ordinal));
        Assert.Null(deployment.FunctionApp["properties"]?["virtualNetworkSubnetId"]);
        Assert.DoesNotContain("publicIPAddresses", deployment.Output("outboundIpAddresses"), StringComparison.Ordinal);
        Assert.Contains("possibleOutboundIpAddresses", deployment.Output("outboundIpAddresses"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_of_the_repository_mentions_the_custom_handler_shell()
    {
        // Built from two pieces so that this test is not itself the mention it looks for.
        var word = "custom" + "Handler";
        var root = UnionWeChat.Testing.RepoPaths.Root;
        string[] skipped = ["node_modules", "bin", "obj", ".git", ".azurite", "results"];
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => skipped.Contains(part)))
            .Where(f => Path.GetExtension(f) is ".cs" or ".md" or ".json" or ".bicep" or ".csproj" or ".props" or ".sh" or "" or ".py" or ".http");

        var mentions = files
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => x.line.Contains(word, StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.index + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(mentions.Count == 0, string.Join('\n', mentions));
    }

    // The data account: the one storage account the template deploys (tables, evidence blobs, host storage).
    private static JsonObject DataAccount(PredictedDeployment deployment) => deployment.Single("Microsoft.Storage/storageAccounts");

    private static string AppIdentity(PredictedDeployment deployment)
    {
        Assert.Equal("UserAssigned", deployment.FunctionApp.Text("identity", "type"));
        return Assert.Single(deployment.FunctionApp["identity"]!["userAssignedIdentities"]!.AsObject()).Key;
    }

    private static List<JsonObject> RoleAssignments(PredictedDeployment deployment, string scope, string roleId) =>
        deployment.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.Text("id")!.StartsWith(scope + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)
                && a.Text("properties", "roleDefinitionId")!.EndsWith("/roleDefinitions/" + roleId, StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>The resource id in <c>[reference('id', 'api').property]</c>, or null when the value is not that.</summary>
    private static string? Referenced(string? value, string property)
    {
        var match = ReferenceExpression().Match(value ?? "");
        return match.Success && match.Groups["property"].Value == property ? match.Groups["id"].Value : null;
    }

    // https://<account>.<service>.<suffix>: the account's primaryEndpoints, or that address written out.
    private static bool IsEndpointOf(string value, JsonObject account, string service)
    {
        if (Referenced(value, "primaryEndpoints." + service) is { } id)
        {
            return id == account.Text("id");
        }
        var name = account.Text("name")!;
        var written = EndpointFormat().Match(value);
        return value.StartsWith($"https://{name}.{service}.", StringComparison.Ordinal)
            || (written.Success && written.Groups["service"].Value == service && written.Groups["account"].Value == name);
    }

    [GeneratedRegex(@"^\[reference\('(?<id>[^']+)', '[^']+'\)\.(?<property>[A-Za-z0-9_.]+)\]$")]
    private static partial Regex ReferenceExpression();

    [GeneratedRegex(@"^\[format\('https://\{0\}\.(?<service>[a-z]+)\.\{1\}/?', '(?<account>[^']+)', environment\(\)\.suffixes\.storage\)\]$")]
    private static partial Regex EndpointFormat();
}
