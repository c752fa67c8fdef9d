using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Membership;

/// <summary>One member of an imported list (a union's existing registry), found by mobile.</summary>
public sealed record RosterEntry(string Mobile, string Name, string Union, string? Number, DateTimeOffset? Since)
{
    public RegistrationTerms Terms => new(Union, Number, Since);
}

/// <summary>
/// Member lists staff import (CSV): kept in the registry table under PK = "roster", RK = mobile. A worker who applies
/// with a listed mobile and the same name is registered at once, with the list's union (and number and date); so are
/// pending applications when a list arrives. Both must match: a mobile alone is not proof (no SMS check is made).
/// </summary>
public sealed class MemberRoster(AppTables tables)
{
    public const string TableName = TableRegistry.Registry;
    private const string Partition = "roster";

    public async Task<RosterEntry?> FindAsync(string mobile, CancellationToken ct)
    {
        if (JoinRules.NormalizeMobile(mobile) is not { } normal)
        {
            return null;
        }
        var table = await tables.OpenForReplyAsync(TableName, ct);
        return await table.GetAsync(Partition, normal, ct) is { } e
            ? new RosterEntry(e.RowKey, e.GetString("Name") ?? "", e.GetString("Union") ?? "", e.GetString("Number"), e.GetDateTimeOffset("Since"))
            : null;
    }

    /// <summary>The listed member this application is, if its mobile is listed under the same name.</summary>
    public async Task<RosterEntry?> MatchAsync(JoinApplication application, CancellationToken ct) =>
        await FindAsync(application.Mobile, ct) is { } entry && SameName(entry.Name, application.Name) ? entry : null;

    /// <summary>Stores the list (a later import of the same mobile replaces it), in transactions of 100 rows.</summary>
    public async Task SaveAsync(IReadOnlyList<RosterEntry> entries, string importedBy, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var table = await tables.OpenAsync(TableName, ct);
        foreach (var chunk in entries.Chunk(TableClientExtensions.MaxTransactionActions))
        {
            var actions = chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, e.Mobile)
            {
                ["Name"] = e.Name,
                ["Union"] = e.Union,
                ["Number"] = e.Number,
                ["Since"] = e.Since,
                ["ImportedBy"] = importedBy,
                ["ImportedAt"] = at,
            })).ToList();
            var result = await table.SubmitAsync(actions, ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Storing the member list failed ({result.ErrorCode}).");
            }
        }
    }

    private static bool SameName(string a, string b) =>
        string.Equals(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
}
