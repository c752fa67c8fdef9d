using System.Text.Json;
using System.Text.Json.Nodes;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// Writes what the Azure Functions host reads from the deployment package: <c>host.json</c> and one
/// <c>&lt;name&gt;/function.json</c> per catalog entry. Run by scripts/publish as
/// <c>UnionWeChat.Functions --write-function-metadata &lt;folder&gt;</c>.
/// </summary>
/// <remarks>
/// Custom handler layout: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers.
/// HTTP requests are proxied to the app as they came (<c>enableProxyingHttpRequest</c>, the current doc's name for
/// the older <c>enableForwardingHttpRequest</c>), so the app's own routes, headers and bodies are what WeChat and
/// browsers sent. We declare functions in function.json rather than the MCP-style <c>customHandler.http</c> block,
/// whose routes default to the <c>function</c> auth level: each function carries the authLevel it really needs,
/// and the WeChat route must be anonymous (WeChat cannot send a function key).
/// </remarks>
public static class FunctionMetadataWriter
{
    public const string CommandLineSwitch = "--write-function-metadata";

    /// <summary>The executable name inside the package (the self-contained linux-x64 apphost).</summary>
    public const string ExecutableName = "UnionWeChat.Functions";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Handles the command-line switch; returns true when it did (the process should then exit).</summary>
    public static bool TryHandleCommandLine(string[] args, FunctionCatalog catalog)
    {
        var at = Array.IndexOf(args, CommandLineSwitch);
        if (at < 0)
        {
            return false;
        }
        if (at + 1 >= args.Length)
        {
            throw new ArgumentException($"{CommandLineSwitch} needs a folder");
        }
        Write(catalog, args[at + 1]);
        return true;
    }

    public static void Write(FunctionCatalog catalog, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "host.json"), HostJson() + "\n");
        foreach (var function in catalog.Functions)
        {
            var dir = Path.Combine(folder, function.Name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "function.json"), FunctionJson(function) + "\n");
        }
    }

    public static string HostJson()
    {
        var host = new JsonObject
        {
            ["version"] = "2.0",
            ["logging"] = new JsonObject
            {
                ["logLevel"] = new JsonObject { ["default"] = "Information" },
            },
            ["extensionBundle"] = new JsonObject
            {
                ["id"] = "Microsoft.Azure.Functions.ExtensionBundle",
                ["version"] = "[4.*, 5.0.0)",
            },
            ["customHandler"] = new JsonObject
            {
                ["description"] = new JsonObject
                {
                    ["defaultExecutablePath"] = ExecutableName,
                    ["workingDirectory"] = "",
                    ["arguments"] = new JsonArray(),
                },
                ["enableProxyingHttpRequest"] = true,
            },
            ["extensions"] = new JsonObject
            {
                ["http"] = new JsonObject { ["routePrefix"] = "api" },
            },
        };
        return host.ToJsonString(Indented);
    }

    public static string FunctionJson(FunctionDefinition function)
    {
        var bindings = function switch
        {
            HttpFunction http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = http.AuthLevel.ToString().ToLowerInvariant(),
                    ["methods"] = new JsonArray(http.Methods.Select(m => (JsonNode)m.ToLowerInvariant()).ToArray()),
                    ["route"] = http.Route,
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            TimerFunction timer => new JsonArray(
                new JsonObject
                {
                    ["type"] = "timerTrigger",
                    ["direction"] = "in",
                    ["name"] = "timer",
                    ["schedule"] = timer.Schedule,
                    ["runOnStartup"] = false,
                    ["useMonitor"] = true,
                }),
            _ => throw new InvalidOperationException("unknown function kind " + function.GetType().Name),
        };
        return new JsonObject { ["bindings"] = bindings }.ToJsonString(Indented);
    }
}
