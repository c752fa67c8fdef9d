using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Tests.Deployment;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>
/// The seam between the two hosts, checked: the functions the published <c>functions.metadata</c> declares to the
/// Functions host against the standalone app's route table and scheduler. A route the host would not pass on, a method
/// a function does not accept, or a timer with another schedule fails here, not in Azure.
/// </summary>
[Collection(PublishedPackageCollection.Name)]
public sealed class FunctionMetadataTests(PublishedPackage package, AzuriteFixture azurite)
{
    private const string RoutePrefix = "api";

    [Fact]
    public async Task Every_api_route_of_the_standalone_app_is_reached_through_exactly_one_http_function_that_accepts_its_methods()
    {
        var routes = await StandaloneApiRoutesAsync();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var reaching = HttpFunctions().Where(f => Covers(f.Route, route.Pattern)).ToList();
            Assert.True(reaching.Count == 1,
                $"/{route.Pattern} is reached through {reaching.Count} functions ({string.Join(", ", reaching.Select(f => f.Name))}), not exactly one");
            var function = reaching[0];
            var missing = route.Methods.Except(function.Methods).ToList();
            Assert.True(missing.Count == 0,
                $"/{route.Pattern} answers {string.Join(", ", missing)}, which function '{function.Name}' ({function.Route}) does not accept");
        }
    }

    [Fact]
    public async Task Every_http_function_serves_standalone_routes_and_accepts_exactly_the_methods_they_answer()
    {
        var routes = await StandaloneApiRoutesAsync();
        Assert.NotEmpty(HttpFunctions());

        foreach (var function in HttpFunctions())
        {
            var covered = routes.Where(r => Covers(function.Route, r.Pattern)).ToList();
            Assert.True(covered.Count > 0, $"function '{function.Name}' ({function.Route}) reaches no route the app serves");
            Assert.Equal(covered.SelectMany(r => r.Methods).Distinct().Order(), function.Methods.Order());
        }
    }

    [Fact]
    public async Task The_timers_the_host_fires_are_the_standalone_schedulers_timers_with_the_same_schedules()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var _ = app.CreateClient();
        var standalone = app.Services.GetRequiredService<TimerCatalog>().Jobs
            .Select(j => (j.Name, j.Schedule)).Order().ToList();

        var declared = package.Functions.Where(f => f.IsTimer)
            .Select(f => (f.Name, Schedule: f.Text("schedule") ?? string.Empty)).Order().ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(standalone, declared);
    }

    private List<(string Name, string Route, IReadOnlyList<string> Methods)> HttpFunctions() =>
        package.Functions.Where(f => f.IsHttp)
            .Select(f => (f.Name, RoutePrefix + "/" + (f.Text("route") ?? f.Name), f.Methods))
            .ToList();

    // The app's endpoints under /api with the methods each answers (an endpoint without method metadata answers all).
    private async Task<IReadOnlyList<(string Pattern, IReadOnlyList<string> Methods)>> StandaloneApiRoutesAsync()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var _ = app.CreateClient();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Pattern: e.RoutePattern.RawText!.TrimStart('/'), Methods: MethodsOf(e)))
            .Where(r => r.Pattern == RoutePrefix || r.Pattern.StartsWith(RoutePrefix + "/", StringComparison.Ordinal))
            .ToList();
        Assert.All(routes, r => Assert.True(r.Methods.Count > 0, $"/{r.Pattern} answers every method; map it with its methods"));
        return routes;
    }

    private static IReadOnlyList<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Select(m => m.ToUpperInvariant()).ToList() ?? [];

    // The host's route covers an app route when both are the same template (parameters named alike or not), or the
    // host's ends in a catch-all ({*rest}) and the app's is that prefix or lies below it.
    private static bool Covers(string functionRoute, string appRoute)
    {
        var function = Segments(functionRoute);
        var app = Segments(appRoute);
        var catchAll = function.Count > 0 && function[^1].StartsWith("{*", StringComparison.Ordinal);
        var fixedPart = catchAll ? function.Count - 1 : function.Count;
        if (catchAll ? app.Count < fixedPart : app.Count != fixedPart)
        {
            return false;
        }
        return Enumerable.Range(0, fixedPart).All(i => SameSegment(function[i], app[i]));
    }

    private static List<string> Segments(string route) => route.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static bool SameSegment(string function, string app) =>
        IsParameter(function) ? IsParameter(app) : string.Equals(function, app, StringComparison.OrdinalIgnoreCase);

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
}
