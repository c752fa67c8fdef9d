using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace UnionWeChat.Functions.Storage;

public static class DataProtectionExtensions
{
    /// <summary>
    /// Data Protection (cookies, anti-forgery) with its key ring in Table Storage, shared by all instances.
    /// Safe to call from several features: the second call changes nothing.
    /// </summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(TableXmlRepository)))
        {
            return builder;
        }
        builder.Services.AddSingleton<TableXmlRepository>();
        builder.Services.AddDataProtection().SetApplicationName("UnionWeChat");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<TableXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
