namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The configuration keys a deployed app needs: those the app refuses to start without (checked against the app's
/// own validation in <see cref="ConfigurationCoverageTests"/>), those it needs in Azure to reach its storage with the
/// managed identity, and what the Functions host and App Service Authentication need. The compiled infrastructure
/// template is checked against this list.
/// </summary>
internal static class RequiredConfigurationKeys
{
    public static IReadOnlyList<string> All { get; } =
    [
        "WeChat__AppId",
        "WeChat__AppSecret",
        "WeChat__Token",
        "WeChat__EncodingAESKey",
        "WeChat__ApiBaseUrl",
        // In Azure the app reaches tables and evidence blobs with its managed identity, never a connection string;
        // DefaultAzureCredential finds the user-assigned identity through AZURE_CLIENT_ID.
        "Storage__TableEndpoint",
        "Storage__BlobEndpoint",
        "AZURE_CLIENT_ID",
        "Staff__TrustAppServiceAuthentication",
        // The host's own storage, through the same identity.
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "FUNCTIONS_EXTENSION_VERSION",
        // On Flex Consumption this one is functionAppConfig.runtime.name (dotnet-isolated), not an app setting.
        ConfigurationCoverage.WorkerRuntimeKey,
    ];

    /// <summary>Keys whose values are secrets: they must be Key Vault references in the deployed app settings.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        "WeChat__AppSecret",
        "WeChat__Token",
        "WeChat__EncodingAESKey",
    ];
}
