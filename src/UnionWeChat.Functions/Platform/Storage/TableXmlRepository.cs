using System.Xml.Linq;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>
/// The Data Protection key ring in table <c>dataprotection</c> (PK = "keys", RK = the key's name), so every
/// instance signs and reads the same cookies and anti-forgery tokens. Keys arrive here already encrypted when
/// <c>DataProtection__Certificate</c> is set (<see cref="KeyRingOptions"/>); otherwise they rely on the storage
/// account's encryption at rest. The interface is synchronous and called rarely (start-up,
/// key rotation every 90 days), so blocking on the table call here is acceptable.
/// https://learn.microsoft.com/aspnet/core/security/data-protection/implementation/key-storage-providers
/// </summary>
public sealed class TableXmlRepository(AppTables tables) : IXmlRepository
{
    public const string TableName = TableRegistry.DataProtection;
    private const string Partition = "keys";

    public IReadOnlyCollection<XElement> GetAllElements() => GetAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllAsync()
    {
        var table = await tables.OpenAsync(TableName).ConfigureAwait(false);
        var list = new List<XElement>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition)).ConfigureAwait(false))
        {
            list.Add(XElement.Parse(row.GetString("Xml")!));
        }
        return list;
    }

    private async Task StoreAsync(XElement element, string friendlyName)
    {
        var table = await tables.OpenAsync(TableName).ConfigureAwait(false);
        var row = new TableEntity(Partition, RowKeyFor(friendlyName)) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) };
        await table.UpsertAsync(row, TableUpdateMode.Replace).ConfigureAwait(false);
    }

    // Key names look like "key-<guid>"; keep only characters a row key allows.
    private static string RowKeyFor(string friendlyName) =>
        new(friendlyName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
}
