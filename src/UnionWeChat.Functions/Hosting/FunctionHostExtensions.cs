using System.Reflection;
using UnionWeChat.Functions.Functions;

namespace UnionWeChat.Functions.Hosting;

public static class FunctionHostExtensions
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>
    /// Where to listen, the function catalog, timers and logging. Under the Functions host the app listens on
    /// FUNCTIONS_CUSTOMHANDLER_PORT (loopback) and the host fires timers; otherwise on --urls / ASPNETCORE_URLS,
    /// default http://localhost:7071 (the Functions host's own default port), with the in-process scheduler.
    /// </summary>
    public static WebApplicationBuilder AddFunctionHost(this WebApplicationBuilder builder, FunctionCatalog catalog)
    {
        HostMode mode;
        try
        {
            mode = HostMode.From(builder.Configuration);
        }
        catch (ConfigurationException ex)
        {
            builder.GetConfigurationReport().Add([new ConfigProblem(ex.Key, ex.Message[(ex.Key.Length + 1)..])]);
            mode = new HostMode(false, null);
        }

        if (mode.CustomHandlerPort is int port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Logging.AddAppLogging(builder.Environment);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(mode);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<TimerRunner>();
        // Timers__Standalone=false turns the in-process scheduler off (tests fire jobs themselves).
        if (!mode.UnderFunctionsHost && builder.Configuration.GetValue("Timers:Standalone", true))
        {
            builder.Services.AddHostedService<TimerScheduler>();
        }
        return builder;
    }

    /// <summary>Maps the timer invocation routes the Functions host calls (only under the host).</summary>
    public static WebApplication MapFunctionHost(this WebApplication app)
    {
        if (app.Services.GetRequiredService<HostMode>().UnderFunctionsHost)
        {
            app.MapTimerInvocations(app.Services.GetRequiredService<FunctionCatalog>());
        }
        return app;
    }

    public static string AppVersion { get; } =
        typeof(FunctionHostExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}
