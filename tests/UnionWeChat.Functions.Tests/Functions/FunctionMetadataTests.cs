using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Functions;

public sealed class FunctionMetadataTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Default;

    [Fact]
    public void Generated_function_json_files_match_the_catalog_entry_by_entry()
    {
        var folder = Directory.CreateTempSubdirectory("fnmeta").FullName;
        FunctionMetadataWriter.Write(Catalog, folder);

        var folders = Directory.GetDirectories(folder).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(Catalog.Functions.Select(f => f.Name).Order(), folders);

        foreach (var function in Catalog.Functions)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, function.Name, "function.json")));
            var trigger = doc.RootElement.GetProperty("bindings")[0];
            switch (function)
            {
                case HttpFunction http:
                    Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(http.Route, trigger.GetProperty("route").GetString());
                    Assert.Equal(http.AuthLevel.ToString().ToLowerInvariant(), trigger.GetProperty("authLevel").GetString());
                    Assert.Equal(http.Methods.Select(m => m.ToLowerInvariant()),
                        trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
                    Assert.Equal("http", doc.RootElement.GetProperty("bindings")[1].GetProperty("type").GetString());
                    break;
                case TimerFunction timer:
                    Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
                    Assert.Equal(timer.Schedule, trigger.GetProperty("schedule").GetString());
                    // The host's parser accepts it only with seconds: six fields.
                    Assert.NotNull(CrontabSchedule.TryParse(timer.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }));
                    break;
            }
        }
    }

    [Fact]
    public void Host_json_at_the_root_is_the_one_the_publish_step_writes()
    {
        var committed = File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")).Trim();
        Assert.Equal(FunctionMetadataWriter.HostJson().Trim(), committed);

        using var doc = JsonDocument.Parse(committed);
        var handler = doc.RootElement.GetProperty("customHandler");
        Assert.Equal(FunctionMetadataWriter.ExecutableName, handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("api", doc.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task Every_http_function_in_the_catalog_is_a_route_the_app_serves_and_every_api_route_is_in_the_catalog()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var _ = app.CreateClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(r => r.StartsWith("api/", StringComparison.Ordinal))
            .ToHashSet();

        foreach (var http in Catalog.HttpFunctions)
        {
            Assert.Contains(routes, r => Covers(http.Route, r["api/".Length..]));
        }
        foreach (var route in routes)
        {
            Assert.True(Catalog.HttpFunctions.Any(f => Covers(f.Route, route["api/".Length..])),
                $"/{route} is served but no catalog function forwards it");
        }
    }

    // A catalog route covers an app route when they are equal or the catalog route ends in a catch-all.
    private static bool Covers(string catalogRoute, string appRoute)
    {
        var catchAll = catalogRoute.IndexOf("{*", StringComparison.Ordinal);
        return catchAll < 0
            ? string.Equals(Normalize(catalogRoute), Normalize(appRoute), StringComparison.OrdinalIgnoreCase)
            : Normalize(appRoute).StartsWith(Normalize(catalogRoute[..catchAll]).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, "{[^}]*}", "{}");
}
