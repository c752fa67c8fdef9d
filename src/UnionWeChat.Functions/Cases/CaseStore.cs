using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>Cases and their history in Table Storage. Every change goes through <see cref="UpdateAsync"/> with the ETag it was read with.</summary>
public sealed class CaseStore(AppTables tables, CaseNumbers numbers, TimeProvider time)
{
    /// <summary>
    /// Files a case once per <paramref name="filingKey"/> (one per intake dialog): a confirmation retried after a
    /// crash or a "系统繁忙" answer gets the same case back, and whatever a crash left half-written is completed.
    /// The number is claimed first (insert-if-absent in <c>filings</c>), then the case, its index row and its first
    /// history line are written so that writing them again changes nothing.
    /// </summary>
    /// <summary>Files a case that has no dialog behind it (staff intake, tests): a filing of its own.</summary>
    public Task<Case> CreateAsync(CaseKind kind, Func<string, Case> build, string actor, CancellationToken ct) =>
        CreateAsync(kind, Guid.NewGuid().ToString("N"), build, actor, ct);

    public async Task<Case> CreateAsync(CaseKind kind, string filingKey, Func<string, Case> build, string actor, CancellationToken ct)
    {
        var filings = await tables.OpenForReplyAsync(CaseEntities.Filings, ct);
        var (fpk, frk) = CaseEntities.FilingKeys(filingKey);
        var number = (await filings.GetAsync(fpk, frk, ct))?.GetString("Number");
        if (number is null)
        {
            var fresh = await numbers.NextAsync(kind, time.GetUtcNow(), ct);
            var claim = await filings.AddAsync(new TableEntity(fpk, frk) { ["Number"] = fresh }, ct);
            number = claim.Added ? fresh : (await filings.GetAsync(fpk, frk, ct))?.GetString("Number") ?? fresh;
        }

        var cases = await tables.OpenForReplyAsync(CaseEntities.Cases, ct);
        var created = build(number);
        var add = await cases.AddAsync(CaseEntities.ToEntity(created), ct);
        if (add.Added)
        {
            created = created with { ETag = add.ETag };
        }
        else
        {
            var stored = await cases.GetAsync(CaseNumbers.MonthOf(number)!, number, ct);
            created = CaseEntities.FromEntity(stored!);
        }
        var index = await tables.OpenForReplyAsync(CaseEntities.WorkerIndex, ct);
        var history = await tables.OpenForReplyAsync(CaseEntities.History, ct);
        // Independent of each other and both idempotent: made together, one round trip on the worker's wait.
        await Task.WhenAll(
            index.UpsertAsync(CaseEntities.ToWorkerIndex(created), TableUpdateMode.Replace, ct),
            history.AddAsync(CaseEntities.CreationEvent(created, actor), ct));
        return created;
    }

    public async Task<Case?> GetAsync(string number, CancellationToken ct)
    {
        var month = CaseNumbers.MonthOf(number);
        if (month is null)
        {
            return null;
        }
        var cases = await tables.OpenAsync(CaseEntities.Cases, ct);
        var entity = await cases.GetAsync(month, number, ct);
        return entity is null ? null : CaseEntities.FromEntity(entity);
    }

    /// <summary>A worker's own cases, newest first, from the worker's one partition.</summary>
    public async Task<IReadOnlyList<WorkerCaseSummary>> ListForWorkerAsync(string workerRef, CancellationToken ct)
    {
        var index = await tables.OpenForReplyAsync(CaseEntities.WorkerIndex, ct);
        var list = new List<WorkerCaseSummary>();
        await foreach (var e in index.QueryAsync(TableFilter.Create($"PartitionKey eq {workerRef}"), ct: ct))
        {
            list.Add(new WorkerCaseSummary(e.RowKey, Enum.Parse<CaseKind>(e.GetString("Kind")!), e.GetString("Category") ?? "",
                Enum.Parse<CaseStatus>(e.GetString("Status")!), e.GetDateTimeOffset("CreatedAt")!.Value));
        }
        return list.OrderByDescending(c => c.CreatedAt).ToList();
    }

    /// <summary>Cases created in one month (a single partition), optionally narrowed by a filter on stored fields.</summary>
    public async IAsyncEnumerable<Case> ListMonthAsync(string month, TableFilter? narrow, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var cases = await tables.OpenAsync(CaseEntities.Cases, ct);
        var filter = TableFilter.Create($"PartitionKey eq {month}");
        if (narrow is not null)
        {
            filter = filter.And(narrow);
        }
        await foreach (var e in cases.QueryAsync(filter, ct: ct))
        {
            yield return CaseEntities.FromEntity(e);
        }
    }

    /// <summary>
    /// Writes a changed case if nobody changed it since it was read (ETag), then records the event.
    /// Returns null on a conflict: the caller re-reads and decides again.
    /// </summary>
    public async Task<Case?> UpdateAsync(Case changed, CaseEvent? ev, CancellationToken ct)
    {
        var cases = await tables.OpenAsync(CaseEntities.Cases, ct);
        var result = await cases.UpdateAsync(CaseEntities.ToEntity(changed), changed.ETag ?? "*", TableUpdateMode.Replace, ct);
        if (result.Outcome != WriteOutcome.Succeeded)
        {
            return null;
        }
        var index = await tables.OpenAsync(CaseEntities.WorkerIndex, ct);
        await index.UpsertAsync(CaseEntities.ToWorkerIndex(changed), TableUpdateMode.Replace, ct);
        if (ev is not null)
        {
            await AppendAsync(changed.Number, ev, ct);
        }
        return changed with { ETag = result.ETag };
    }

    /// <summary>Reads, changes and writes a case, retrying on ETag conflicts. Null when the case does not exist.</summary>
    public async Task<Case?> ChangeAsync(string number, Func<Case, (Case Changed, CaseEvent? Event)?> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await GetAsync(number, ct);
            if (current is null)
            {
                return null;
            }
            var decided = change(current);
            if (decided is null)
            {
                return current;
            }
            var written = await UpdateAsync(decided.Value.Changed with { UpdatedAt = time.GetUtcNow() }, decided.Value.Event, ct);
            if (written is not null)
            {
                return written;
            }
        }
        throw new InvalidOperationException($"case {number} kept changing under us");
    }

    public async Task AppendAsync(string number, CaseEvent ev, CancellationToken ct)
    {
        var history = await tables.OpenAsync(CaseEntities.History, ct);
        await history.AddAsync(CaseEntities.ToEntity(number, ev), ct);
    }

    public async Task<IReadOnlyList<CaseEvent>> HistoryAsync(string number, CancellationToken ct)
    {
        var history = await tables.OpenAsync(CaseEntities.History, ct);
        var list = new List<CaseEvent>();
        await foreach (var e in history.QueryAsync(TableFilter.Create($"PartitionKey eq {number}"), ct: ct))
        {
            list.Add(CaseEntities.EventFromEntity(e));
        }
        return list;
    }
}

public sealed record WorkerCaseSummary(string Number, CaseKind Kind, string Category, CaseStatus Status, DateTimeOffset CreatedAt);
