using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace UnionWeChat.Functions.Platform.Hosting;

public static class LoggingSetup
{
    // Request and HttpClient lines carry query strings (WeChat's push URL has openid=…, outbound URLs the access
    // token), so these stay at Warning whatever the working directory: appsettings.json may not be found.
    private static readonly string[] QueryLoggingCategories = ["Microsoft.AspNetCore", "System.Net.Http.HttpClient"];

    /// <summary>
    /// Levels, the console and openid redaction for every host (Kestrel, the Functions worker, the tests), set in
    /// code so they hold without appsettings.json. A rule here beats a configured rule for the same category;
    /// a narrower configured rule can still turn request lines on, and then the redaction masks their openids.
    /// </summary>
    /// <param name="console">False under the Functions worker: its own provider already carries every line to the host.</param>
    public static ILoggingBuilder AddAppLogging(this ILoggingBuilder logging, IHostEnvironment environment, bool console = true)
    {
        // The default when configuration names no level; configured "Default" still wins over it.
        logging.SetMinimumLevel(LogLevel.Information);
        foreach (var category in QueryLoggingCategories)
        {
            // Added after the configuration's rules, so it wins over "Logging:LogLevel:<category>" from any source.
            logging.AddFilter(category, LogLevel.Warning);
        }

        // One console either way (the host's own is the same provider); only its formatter is chosen here.
        if (!console)
        {
        }
        else if (environment.IsDevelopment())
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            logging.AddJsonConsole();
        }

        // In front of every provider, whichever order a host adds them in (console, Functions worker, App Insights).
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return logging;
    }
}
