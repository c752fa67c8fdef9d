using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Storage;

/// <summary>The Data Protection key ring (behind staff and voter cookies) encrypted at rest with a configured certificate.</summary>
public sealed class KeyRingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Password = "key-ring-test";

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_another_instance_with_it_reads_them()
    {
        var pfx = NewPfx(withPrivateKey: true);
        await using var first = new AppFactory(azurite.ConnectionString)
            .With("DataProtection:Certificate", pfx)
            .With("DataProtection:CertificatePassword", Password);
        var cookie = Protector(first).Protect("staff session: alice");

        var stored = await StoredKeysAsync(first);
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });

        await using var second = new AppFactory(azurite.ConnectionString)
            .With("Storage:TablePrefix", first.TablePrefix)
            .With("DataProtection:Certificate", pfx)
            .With("DataProtection:CertificatePassword", Password);
        Assert.Equal("staff session: alice", Protector(second).Unprotect(cookie));

        // Without the certificate the same key ring is unreadable: the keys really are encrypted.
        await using var withoutCertificate = new AppFactory(azurite.ConnectionString).With("Storage:TablePrefix", first.TablePrefix);
        Assert.ThrowsAny<CryptographicException>(() => Protector(withoutCertificate).Unprotect(cookie));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void A_certificate_that_does_not_load_is_a_configuration_error_naming_the_setting(string value)
    {
        var problem = Assert.Single(new KeyRingOptions { Certificate = value }.Validate());
        Assert.Equal("DataProtection__Certificate", problem.Key);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_a_configuration_error()
    {
        var problem = Assert.Single(new KeyRingOptions { Certificate = NewPfx(withPrivateKey: false) }.Validate());
        Assert.Contains("private key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loadable_certificate_or_none_is_fine()
    {
        Assert.Empty(new KeyRingOptions { Certificate = NewPfx(withPrivateKey: true), CertificatePassword = Password }.Validate());
        Assert.Empty(new KeyRingOptions().Validate());
    }

    private static IDataProtector Protector(AppFactory app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("KeyRingTests");

    private static async Task<List<string>> StoredKeysAsync(AppFactory app)
    {
        var table = await app.Services.GetRequiredService<AppTables>().OpenAsync(TableXmlRepository.TableName, CancellationToken.None);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals("keys")))
        {
            rows.Add(row.GetString("Xml")!);
        }
        return rows;
    }

    private static string NewPfx(bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=UnionWeChat key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        if (!withPrivateKey)
        {
            using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
            return Convert.ToBase64String(publicOnly.Export(X509ContentType.Pkcs12));
        }
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, Password));
    }
}
