namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>Which required configuration keys a Bicep file fails to give the app.</summary>
internal static class ConfigurationCoverage
{
    // Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME as an app setting; functionAppConfig.runtime replaces it:
    // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
    private const string WorkerRuntimeKey = "FUNCTIONS_WORKER_RUNTIME";
    private const string CustomHandlerRuntime = "custom";

    public static IReadOnlyList<string> MissingKeys(IEnumerable<string> requiredKeys, BicepAppSettings settings) =>
        requiredKeys.Where(key => !IsCovered(key, settings)).ToList();

    private static bool IsCovered(string key, BicepAppSettings settings) =>
        settings.Contains(key)
        || (key == WorkerRuntimeKey && settings.RuntimeName == CustomHandlerRuntime);
}
