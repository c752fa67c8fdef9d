using System.Text.Json;
using System.Text.RegularExpressions;
using NCrontab;

namespace UnionWeChat.Functions.Tests.Deployment;

// The layout the Functions host expects of a custom handler package:
// https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#application-structure
[Collection(PublishedPackageCollection.Name)]
public sealed partial class PackageLayoutTests(PublishedPackage package)
{
    private static readonly string[] AuthLevels = ["anonymous", "function", "admin"];

    [Fact]
    public void Host_json_names_an_executable_in_the_package_that_keeps_its_executable_bit()
    {
        var executable = HandlerExecutable();

        Assert.True(File.Exists(Path.Combine(package.AppDirectory, executable)), $"{executable} is not in the package");
        Assert.True(package.ModeInZip(executable).HasFlag(UnixFileMode.UserExecute), $"{executable} is stored without its executable bit");
        // A native Linux executable (the self-contained apphost), not a managed .dll the host cannot start.
        var header = File.ReadAllBytes(Path.Combine(package.AppDirectory, executable))[..4];
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
    }

    [Fact]
    public void Host_json_declares_a_version_2_custom_handler_that_forwards_http_requests()
    {
        using var host = ReadHostJson();
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var handler = root.GetProperty("customHandler");
        // The current page calls the flag enableProxyingHttpRequest; older pages and samples enableForwardingHttpRequest.
        Assert.True(IsTrue(handler, "enableForwardingHttpRequest") || IsTrue(handler, "enableProxyingHttpRequest"),
            "customHandler forwards HTTP requests to the app only with enableForwardingHttpRequest or enableProxyingHttpRequest");
    }

    [Fact]
    public void Extension_bundle_if_any_is_version_4_or_later_as_flex_consumption_requires()
    {
        using var host = ReadHostJson();

        if (host.RootElement.TryGetProperty("extensionBundle", out var bundle))
        {
            var range = bundle.GetProperty("version").GetString() ?? string.Empty;
            var lowest = LowerBoundMajor().Match(range);
            Assert.True(lowest.Success && int.Parse(lowest.Groups[1].Value) >= 4, $"extension bundle range {range} allows bundles older than 4");
        }
    }

    [Fact]
    public void Package_holds_one_folder_per_function_each_with_exactly_one_trigger()
    {
        Assert.NotEmpty(package.Functions);
        Assert.All(package.Functions, function =>
        {
            Assert.Equal(function.Name, function.Folder);
            Assert.Matches(FunctionName(), function.Name);
            Assert.Single(function.Triggers);
        });
        Assert.Equal(package.Functions.Count, package.Functions.Select(f => f.Name.ToUpperInvariant()).Distinct().Count());
    }

    [Fact]
    public void Http_functions_have_methods_an_auth_level_and_only_an_http_output_so_the_host_forwards_them()
    {
        var http = package.Functions.Where(f => f.IsHttp).ToList();

        Assert.NotEmpty(http);
        Assert.All(http, function =>
        {
            Assert.NotEmpty(function.Methods);
            Assert.Contains(function.Text("authLevel"), AuthLevels);
            Assert.False(string.IsNullOrEmpty(function.Text("route")), $"{function.Name} has no route");
            var output = Assert.Single(function.Outputs);
            Assert.Equal("http", output.GetProperty("type").GetString());
        });
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

    [Fact]
    public void WeChat_push_endpoint_is_an_anonymous_http_function_for_get_and_post()
    {
        // WeChat cannot send a function key: the endpoint must be anonymous at the host.
        var wechat = Assert.Single(package.Functions, f => f.IsHttp && f.Text("route") == "wechat");

        Assert.Equal("anonymous", wechat.Text("authLevel"));
        Assert.Contains("GET", wechat.Methods);
        Assert.Contains("POST", wechat.Methods);
    }

    [Fact]
    public void Package_carries_no_local_settings_file()
    {
        Assert.False(File.Exists(Path.Combine(package.AppDirectory, "local.settings.json")));
    }

    // The path is relative to the package root (workingDirectory only changes where the process runs).
    private string HandlerExecutable()
    {
        using var host = ReadHostJson();
        var path = host.RootElement.GetProperty("customHandler").GetProperty("description")
            .GetProperty("defaultExecutablePath").GetString() ?? string.Empty;
        Assert.False(Path.IsPathRooted(path), $"defaultExecutablePath {path} must be relative to the package");
        return path.Replace('\\', '/');
    }

    private JsonDocument ReadHostJson() => JsonDocument.Parse(File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")));

    private static bool IsTrue(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    [GeneratedRegex(@"^[\[\(]?\s*(\d+)")]
    private static partial Regex LowerBoundMajor();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex FunctionName();
}
