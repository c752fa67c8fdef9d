using Microsoft.Extensions.Options;

namespace UnionWeChat.Functions.Platform.Hosting;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds a configuration section once, registers it (as itself and as IOptions), and records its problems in
    /// the <see cref="ConfigurationReport"/> that Program checks before building the app.
    /// </summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section)
        where T : class, IValidatedOptions, new()
    {
        var report = builder.GetConfigurationReport();
        T options;
        try
        {
            options = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the path with ':'; operators set it with '__'.
            report.Add([new ConfigProblem(section + "__…", "could not be read: " + ex.Message.Replace(':', '_'))]);
            options = new T();
        }
        report.Add(options.Validate());
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IOptions<T>>(Options.Create(options));
        return options;
    }

    public static ConfigurationReport GetConfigurationReport(this IHostApplicationBuilder builder)
    {
        var existing = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(ConfigurationReport));
        if (existing?.ImplementationInstance is ConfigurationReport report)
        {
            return report;
        }
        report = new ConfigurationReport();
        builder.Services.AddSingleton(report);
        return report;
    }
}
