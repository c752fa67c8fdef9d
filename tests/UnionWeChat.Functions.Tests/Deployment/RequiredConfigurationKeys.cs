namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>
/// The configuration keys a deployed app needs, from the configuration table in DESIGN.md plus what the
/// Functions host and App Service Authentication need. Until the app publishes its own list of required keys,
/// this is the list the infrastructure is checked against.
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
        // In Azure the app reaches tables with its managed identity, never a connection string.
        "Storage__TableEndpoint",
        "Staff__TrustAppServiceAuthentication",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "FUNCTIONS_EXTENSION_VERSION",
        // On Flex Consumption this one is functionAppConfig.runtime.name, not an app setting.
        "FUNCTIONS_WORKER_RUNTIME",
    ];

    /// <summary>Keys whose values are secrets: they must be Key Vault references in the Bicep.</summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        "WeChat__AppSecret",
        "WeChat__Token",
        "WeChat__EncodingAESKey",
    ];
}
