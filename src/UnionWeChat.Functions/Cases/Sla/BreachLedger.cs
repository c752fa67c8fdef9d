using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// SLA breaches in table <c>slabreaches</c>: PK = case number, RK = breach kind. The row is claimed with
/// insert-if-absent before anyone is notified, so a breach is notified once however often (or on however many
/// instances) the timer runs. The console's list is a scan of this small table.
/// </summary>
public sealed class BreachLedger(AppTables tables)
{
    public const string TableName = TableRegistry.SlaBreaches;

    /// <summary>True when this call recorded the breach first (and so must notify).</summary>
    public async Task<bool> ClaimAsync(Case c, SlaBreachKind kind, DateTimeOffset due, DateTimeOffset now, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var added = await table.AddAsync(new TableEntity(c.Number, kind.ToString())
        {
            ["At"] = now,
            ["Due"] = due,
            ["Assignee"] = c.Assignee,
            ["Kind"] = c.Kind.ToString(),
            ["Category"] = c.Category,
        }, ct);
        return added.Added;
    }

    public async Task RecordNotifiedAsync(string number, SlaBreachKind kind, string outcome, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        await table.UpsertAsync(new TableEntity(number, kind.ToString()) { ["Notified"] = outcome }, TableUpdateMode.Merge, ct);
    }

    /// <summary>Breaches recorded since <paramref name="since"/>, newest first.</summary>
    public async Task<IReadOnlyList<BreachRecord>> ListAsync(DateTimeOffset since, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableName, ct);
        var list = new List<BreachRecord>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"At ge {since}"), ct: ct))
        {
            if (Enum.TryParse<SlaBreachKind>(e.RowKey, out var kind))
            {
                list.Add(new BreachRecord(e.PartitionKey, kind, e.GetDateTimeOffset("At")!.Value, e.GetDateTimeOffset("Due")!.Value,
                    e.GetString("Assignee"), e.GetString("Category") ?? "", e.GetString("Notified")));
            }
        }
        return list.OrderByDescending(b => b.At).ToList();
    }
}

/// <summary>One recorded breach and whom it was notified to (or why not).</summary>
public sealed record BreachRecord(string Number, SlaBreachKind Breach, DateTimeOffset At, DateTimeOffset Due, string? Assignee, string Category, string? Notified);
