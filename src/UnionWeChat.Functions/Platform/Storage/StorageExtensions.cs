using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<StorageOptions>("Storage");
        if (!options.UsesManagedIdentity && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                _ = new StorageClients(options);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                builder.GetConfigurationReport().Add([new ConfigProblem("Storage__ConnectionString", "is malformed: " + ex.Message)]);
            }
        }
        builder.Services.AddSingleton<StorageClients>();
        builder.Services.AddSingleton<AppTables>();
        return builder;
    }
}
