using System.Security.Cryptography;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// The key that signs console sessions and form tokens, shared by every instance: 32 random bytes in table
/// <c>staffsecrets</c>, created once with insert-if-absent (the first writer wins; everyone else, in this process
/// or another, reads the winner's key, so no lock is needed). Kept out of ASP.NET Core Data Protection on purpose:
/// on Flex Consumption its key ring would live on one instance's disk, and a form rendered by one instance would
/// be refused by the next.
/// </summary>
public sealed class ConsoleSigningKey(AppTables tables)
{
    public const string TableName = TableRegistry.StaffSecrets;
    private byte[]? _key;

    public async Task<byte[]> GetAsync(CancellationToken ct)
    {
        if (_key is { } known)
        {
            return known;
        }
        var table = await tables.OpenAsync(TableName, ct);
        var candidate = new TableEntity("console", "signing") { ["Value"] = RandomNumberGenerator.GetBytes(32) };
        var added = await table.AddAsync(candidate, ct);
        var stored = added.Added ? candidate : await table.GetAsync("console", "signing", ct);
        return _key = stored?.GetBinary("Value") is { Length: 32 } value
            ? value
            : throw new InvalidOperationException("the console signing key in table staffsecrets is missing or malformed");
    }
}
