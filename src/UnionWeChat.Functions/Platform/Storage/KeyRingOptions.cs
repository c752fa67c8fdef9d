using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>
/// Section <c>DataProtection</c>: how the Data Protection key ring (the keys behind staff and voter cookies and
/// anti-forgery tokens) is protected at rest in table <c>dataprotection</c>.
/// </summary>
public sealed class KeyRingOptions : IValidatedOptions
{
    public const string CertificateKey = "DataProtection__Certificate";

    /// <summary>
    /// <c>DataProtection__Certificate</c>: a PKCS#12 (.pfx) certificate with its private key, base64, e.g. a Key Vault
    /// certificate given as a Key Vault reference. When set, every key is encrypted with it before it is stored, so
    /// read access to the storage account is not enough to forge a staff or voter cookie. Without it the keys rely on
    /// the storage account's own encryption at rest.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary><c>DataProtection__CertificatePassword</c>, if the .pfx has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate, or null when none is configured. Call only after <see cref="Validate"/> passed.</summary>
    public X509Certificate2? LoadCertificate() =>
        string.IsNullOrWhiteSpace(Certificate)
            ? null
            : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(Certificate), CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (string.IsNullOrWhiteSpace(Certificate))
        {
            yield break;
        }
        string? problem;
        try
        {
            using var certificate = LoadCertificate()!;
            problem = certificate.HasPrivateKey ? null : "has no private key: the app could not read its own keys back";
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            problem = "must be a base64 PKCS#12 (.pfx) certificate with its private key (and DataProtection__CertificatePassword if it has one)";
        }
        if (problem is not null)
        {
            yield return new ConfigProblem(CertificateKey, problem);
        }
    }
}
