using Microsoft.AspNetCore.Mvc;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// The app's one request pipeline (routing, body limits, sign-in, rate limits, every endpoint), built once from the
/// callback Program passes. The standalone host runs it for every request; under the Functions host each HTTP
/// function runs it for the request the worker handed over. Either way a route has one implementation.
/// </summary>
public sealed class RequestPipeline
{
    private readonly Lazy<RequestDelegate> _app;

    public RequestPipeline(IServiceProvider services, Action<IApplicationBuilder> configure)
    {
        _app = new(() =>
        {
            var app = new ApplicationBuilder(services);
            configure(app);
            return app.Build();
        });
    }

    /// <summary>Builds it now, so what its configuration does at start (and any failure) happens at start-up.</summary>
    public void Build() => _ = _app.Value;

    public Task InvokeAsync(HttpContext context)
    {
        // The worker has already routed the request to a function (endpoint and route values set), and routing leaves
        // a request that has an endpoint alone: clear them so the app's own route table picks the endpoint.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        return _app.Value(context);
    }

    /// <summary>What an HTTP function returns: the worker executes it, and the pipeline writes the response.</summary>
    public IActionResult Handle(HttpRequest request) => new PipelineResult(this, request.HttpContext);

    private sealed class PipelineResult(RequestPipeline pipeline, HttpContext context) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext actionContext) => pipeline.InvokeAsync(context);
    }
}
