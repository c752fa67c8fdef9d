using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace UnionWeChat.Functions.Tests.Deployment;

// The layout the Functions host expects of a .NET isolated-worker app: host.json, functions.metadata (the functions,
// from the Worker SDK), worker.config.json (how to start the worker) and .azurefunctions/ (the host extensions).
// https://learn.microsoft.com/azure/azure-functions/dotnet-isolated-process-guide
[Collection(PublishedPackageCollection.Name)]
public sealed partial class PackageLayoutTests(PublishedPackage package)
{
    // host.json's top-level settings (https://learn.microsoft.com/azure/azure-functions/functions-host-json) less the
    // ones for other kinds of app: extension bundles, PowerShell's managed dependencies, and starting an executable.
    private static readonly string[] IsolatedHostSettings =
    [
        "version", "logging", "extensions", "aggregator", "concurrency", "console", "functions", "functionTimeout",
        "healthMonitor", "retry", "singleton", "telemetryMode", "watchDirectories", "watchFiles",
    ];

    [Fact]
    public void Package_root_holds_host_json_functions_metadata_worker_config_and_the_extensions_folder()
    {
        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json" })
        {
            Assert.True(File.Exists(Path.Combine(package.AppDirectory, file)), $"{file} is not at the package root");
        }
        var extensions = Path.Combine(package.AppDirectory, ".azurefunctions");
        Assert.True(Directory.Exists(extensions), ".azurefunctions/ is not in the package");
        Assert.True(File.Exists(Path.Combine(extensions, "function.deps.json")), ".azurefunctions/ holds no built extensions");
    }

    [Fact]
    public void Every_extension_the_host_is_told_to_load_is_in_the_package()
    {
        using var json = Read("extensions.json");

        var hints = json.RootElement.GetProperty("extensions").EnumerateArray()
            .Select(e => e.GetProperty("hintPath").GetString() ?? string.Empty)
            .ToList();
        Assert.NotEmpty(hints);
        Assert.All(hints, hint => Assert.True(File.Exists(Path.Combine(package.AppDirectory, hint)), $"extensions.json names {hint}, which is not in the package"));
    }

    [Fact]
    public void Worker_config_starts_the_packaged_assembly_with_dotnet_as_a_dotnet_isolated_worker()
    {
        using var json = Read("worker.config.json");
        var description = json.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        // Framework-dependent: the platform's dotnet-isolated stack provides the runtime.
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        var worker = description.GetProperty("defaultWorkerPath").GetString() ?? string.Empty;
        Assert.Equal("UnionWeChat.Functions.dll", worker);
        Assert.True(File.Exists(Path.Combine(package.AppDirectory, worker)), $"{worker} is not in the package");
        Assert.True(File.Exists(Path.Combine(package.AppDirectory, "UnionWeChat.Functions.runtimeconfig.json")), "no runtimeconfig.json: dotnet cannot start the worker");
    }

    [Fact]
    public void Host_json_is_the_repository_one_a_version_2_host_with_routes_under_api_and_only_isolated_worker_settings()
    {
        Assert.Equal(
            File.ReadAllText(Path.Combine(UnionWeChat.Testing.RepoPaths.Root, "host.json")),
            File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")));
        using var host = Read("host.json");
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("api", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        // No extension bundle (an isolated app brings its extensions in .azurefunctions/; bundles are for other
        // languages), no executable to start (worker.config.json says how): only settings an isolated app uses.
        var unexpected = root.EnumerateObject().Select(p => p.Name).Except(IsolatedHostSettings, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(unexpected.Count == 0, "host.json has settings an isolated-worker app does not use: " + string.Join(", ", unexpected));
    }

    [Fact]
    public void Package_has_no_function_json_folders_left_from_another_layout_and_no_local_settings()
    {
        Assert.Empty(Directory.EnumerateFiles(package.AppDirectory, "function.json", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(package.AppDirectory, "local.settings.json")));
    }

    [Fact]
    public void Every_function_runs_a_Function_method_of_the_packaged_assembly_with_exactly_one_trigger()
    {
        Assert.NotEmpty(package.Functions);
        Assert.Equal(package.Functions.Count, package.Functions.Select(f => f.Name.ToUpperInvariant()).Distinct().Count());
        Assert.All(package.Functions, function =>
        {
            Assert.Matches(FunctionName(), function.Name);
            Assert.Single(function.Triggers);
            Assert.Equal("UnionWeChat.Functions.dll", function.ScriptFile);
            var method = EntryPoint(function.EntryPoint);
            Assert.Equal(function.Name, method.GetCustomAttribute<FunctionAttribute>()?.Name);
        });
    }

    [Fact]
    public void Http_functions_are_anonymous_at_the_host_with_methods_a_route_and_an_http_result()
    {
        var http = package.Functions.Where(f => f.IsHttp).ToList();

        Assert.NotEmpty(http);
        Assert.All(http, function =>
        {
            // The app authenticates every request itself (WeChat's signature, staff sign-in, the vote page's OAuth).
            Assert.Equal("anonymous", function.Text("authLevel")?.ToLowerInvariant());
            Assert.NotEmpty(function.Methods);
            Assert.False(string.IsNullOrEmpty(function.Text("route")), $"{function.Name} has no route");
            var output = Assert.Single(function.Outputs);
            Assert.Equal("http", output.GetProperty("type").GetString());
        });
    }

    [Fact]
    public void WeChat_push_endpoint_is_an_anonymous_http_function_for_get_and_post()
    {
        // WeChat cannot send a function key.
        var wechat = Assert.Single(package.Functions, f => f.IsHttp && f.Text("route") == "wechat");

        Assert.Equal("anonymous", wechat.Text("authLevel")?.ToLowerInvariant());
        Assert.Equal(["GET", "POST"], wechat.Methods.Order());
    }

    [Fact]
    public void Timer_functions_have_a_six_field_ncrontab_schedule()
    {
        var timers = package.Functions.Where(f => f.IsTimer).ToList();

        Assert.NotEmpty(timers);
        Assert.All(timers, function =>
        {
            var schedule = function.Text("schedule") ?? string.Empty;
            var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
            Assert.True(parsed is not null, $"{function.Name}: '{schedule}' is not a six-field NCRONTAB expression");
        });
    }

    private JsonDocument Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, file)));

    // "Namespace.Type.Method", as the Worker SDK writes entryPoint.
    private static MethodInfo EntryPoint(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        var type = typeof(Program).Assembly.GetType(entryPoint[..dot]);
        Assert.True(type is not null, $"entry point {entryPoint}: no such type in the app");
        var method = type.GetMethod(entryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
        Assert.True(method is not null, $"entry point {entryPoint}: no such public method");
        return method;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionName();
}
