using UnionWeChat.Testing;

namespace UnionWeChat.Tables.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AuthenticationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_wrong_account_key_is_refused_with_403_and_the_key_is_not_in_the_error()
    {
        var wrongKey = Convert.ToBase64String("definitely-not-the-key"u8.ToArray());
        var service = TableServiceClient.FromConnectionString(
            azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, wrongKey, StringComparison.Ordinal));

        var ping = await Assert.ThrowsAsync<TableStorageException>(() => service.PingAsync(CancellationToken.None));
        var add = await Assert.ThrowsAsync<TableStorageException>(() =>
            service.GetTableClient(AzuriteFixture.UniqueTableName()).AddAsync(new TableEntity("p", "r")));

        Assert.Equal(403, ping.Status);
        Assert.Equal(403, add.Status);
        Assert.DoesNotContain(wrongKey, ping.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteProcess.AccountKey, ping.ToString(), StringComparison.Ordinal);
    }
}
