using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Storage;

public static class DataProtectionExtensions
{
    /// <summary>
    /// Data Protection (cookies, anti-forgery) with its key ring in Table Storage, shared by all instances, encrypted
    /// with <c>DataProtection__Certificate</c> when one is configured.
    /// Safe to call from several features: the second call changes nothing.
    /// </summary>
    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(TableXmlRepository)))
        {
            return builder;
        }
        var keyRing = builder.AddValidatedOptions<KeyRingOptions>("DataProtection");
        builder.Services.AddSingleton<TableXmlRepository>();
        var protection = builder.Services.AddDataProtection().SetApplicationName("UnionWeChat");
        // A certificate that does not load is already in the configuration report, which stops the app.
        var unusable = builder.GetConfigurationReport().Problems.Any(p => p.Key == KeyRingOptions.CertificateKey);
        if (!unusable && keyRing.LoadCertificate() is { } certificate)
        {
            // Encrypt new keys with the certificate, and let it decrypt them again (decryption otherwise looks in
            // the machine's certificate store, which a Functions instance does not have).
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<TableXmlRepository>((options, repository) => options.XmlRepository = repository);
        return builder;
    }
}
