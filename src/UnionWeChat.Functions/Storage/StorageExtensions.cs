using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<StorageOptions>("Storage");
        if (string.IsNullOrWhiteSpace(options.TableEndpoint))
        {
            try
            {
                _ = UnionWeChat.Tables.TableServiceClient.FromConnectionString(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                builder.GetConfigurationReport().Add([new ConfigProblem("Storage__ConnectionString", "is malformed: " + ex.Message)]);
            }
        }
        builder.Services.AddSingleton<StorageClients>();
        builder.Services.AddSingleton<AppTables>();
        return builder;
    }
}
