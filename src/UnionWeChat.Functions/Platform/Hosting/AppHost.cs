using Microsoft.Azure.Functions.Worker.Builder;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// The two hosts of the one app. Started by the Functions host (<see cref="FunctionsHostArgs"/>) the process is an
/// isolated worker with ASP.NET Core integration: the host owns triggers, keys and timers, and calls the functions.
/// Otherwise (scripts/run, the tests' WebApplicationFactory, the benchmarks) it is a plain ASP.NET Core app on Kestrel
/// that runs the same pipeline for every request and fires the timers in-process. Features register on either
/// builder through <see cref="IHostApplicationBuilder"/>.
/// </summary>
public static class AppHost
{
    /// <summary>Standalone, without --urls or ASPNETCORE_URLS: the Functions host's own default port.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    public static IHostApplicationBuilder CreateBuilder(string[] args)
    {
        if (FunctionsHostArgs.StartedByHost(args))
        {
            var worker = FunctionsApplication.CreateBuilder(args);
            worker.ConfigureFunctionsWebApplication();
            return worker;
        }
        var web = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(web.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            web.WebHost.UseUrls(DefaultUrl);
        }
        return web;
    }

    /// <summary>True when the Functions host runs the app (it then fires the timers itself).</summary>
    public static bool IsFunctionsWorker(this IHostApplicationBuilder builder) => builder is FunctionsApplicationBuilder;

    /// <summary>
    /// Stops with exit code 2 and one line naming every bad setting, or builds the host with
    /// <paramref name="pipeline"/> as its request pipeline and runs it until shutdown.
    /// </summary>
    public static async Task<int> RunAsync(this IHostApplicationBuilder builder, Action<IApplicationBuilder> pipeline)
    {
        var report = builder.GetConfigurationReport();
        if (report.Problems.Count > 0)
        {
            await Console.Error.WriteLineAsync(report.ToOneLine());
            return 2;
        }

        builder.Services.AddSingleton(services => new RequestPipeline(services, pipeline));
        if (builder is WebApplicationBuilder web)
        {
            var app = web.Build();
            var requests = app.Services.GetRequiredService<RequestPipeline>();
            requests.Build();
            // WebApplication adds its own authentication and authorization in front (it sees the services): they find
            // no endpoint yet, and the sign-in they compute is the one the pipeline's own reuses (once per request).
            app.Run(requests.InvokeAsync);
            await app.RunAsync();
        }
        else
        {
            using var host = ((FunctionsApplicationBuilder)builder).Build();
            host.Services.GetRequiredService<RequestPipeline>().Build();
            await host.RunAsync();
        }
        return 0;
    }
}
