namespace UnionWeChat.Functions.Tests.Deployment;

/// <summary>Which required configuration keys a deployed function app is not given.</summary>
internal static class ConfigurationCoverage
{
    // Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME as an app setting; functionAppConfig.runtime replaces it:
    // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
    public const string WorkerRuntimeKey = "FUNCTIONS_WORKER_RUNTIME";
    public const string IsolatedWorkerRuntime = "dotnet-isolated";

    public static IReadOnlyList<string> MissingKeys(IEnumerable<string> requiredKeys, DeployedAppSettings settings) =>
        requiredKeys.Where(key => !IsCovered(key, settings)).ToList();

    private static bool IsCovered(string key, DeployedAppSettings settings) =>
        key == WorkerRuntimeKey
            ? settings.RuntimeName == IsolatedWorkerRuntime
            : settings.Values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value);
}
