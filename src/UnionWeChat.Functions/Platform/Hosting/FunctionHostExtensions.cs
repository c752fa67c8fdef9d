using System.Reflection;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Platform.Hosting;

public static class FunctionHostExtensions
{
    /// <summary>
    /// What both hosts need: time, logging, routing, and the timers. Under the Functions host the host fires the
    /// timers (each feature's timer functions); standalone the in-process <see cref="TimerScheduler"/> does.
    /// </summary>
    public static IHostApplicationBuilder AddFunctionHost(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddAppLogging(builder.Environment, console: !builder.IsFunctionsWorker());

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<TimerCatalog>();
        builder.Services.AddSingleton<TimerRunner>();
        // Timers__Standalone=false turns the in-process scheduler off (tests fire jobs themselves).
        if (!builder.IsFunctionsWorker() && builder.Configuration.GetValue("Timers:Standalone", true))
        {
            builder.Services.AddHostedService<TimerScheduler>();
        }
        return builder;
    }

    public static string AppVersion { get; } =
        typeof(FunctionHostExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}
