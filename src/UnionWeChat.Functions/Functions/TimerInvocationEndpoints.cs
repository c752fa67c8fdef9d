using System.Text.Json.Nodes;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// Under the Functions host, a timer fires as <c>POST /{functionName}</c> with a JSON invocation payload; the
/// custom handler answers <c>{"Outputs":{},"Logs":[],"ReturnValue":null}</c>
/// (https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload).
/// These routes are mapped only under the host: standalone, the in-process scheduler fires the same jobs.
/// </summary>
public static class TimerInvocationEndpoints
{
    public static IEndpointRouteBuilder MapTimerInvocations(this IEndpointRouteBuilder app, FunctionCatalog catalog)
    {
        foreach (var timer in catalog.Timers)
        {
            app.MapPost("/" + timer.Name, (TimerRunner runner, CancellationToken ct) => InvokeAsync(runner, timer, ct))
                .ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> InvokeAsync(TimerRunner runner, TimerFunction timer, CancellationToken ct)
    {
        var outcome = await runner.RunAsync(timer, ct);
        var body = new JsonObject
        {
            ["Outputs"] = new JsonObject(),
            ["Logs"] = new JsonArray((JsonNode)outcome.Message),
            ["ReturnValue"] = null,
        };
        return Results.Json(body, statusCode: outcome.Succeeded ? 200 : 500);
    }
}
