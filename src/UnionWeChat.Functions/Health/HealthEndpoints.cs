using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Health;

public static class HealthEndpoints
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StorageProbe>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", GetHealthAsync);
        return app;
    }

    public static async Task<IResult> GetHealthAsync(StorageProbe probe, CancellationToken ct)
    {
        var reachable = await probe.IsReachableAsync(ct);
        var body = new HealthReport(reachable ? "ok" : "degraded", reachable ? "reachable" : "unreachable", FunctionHostExtensions.AppVersion);
        return Results.Json(body, statusCode: reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthReport(string Status, string Storage, string Version);
