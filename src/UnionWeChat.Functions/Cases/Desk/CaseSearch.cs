using System.Globalization;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Finds cases for staff: one query per month partition in the range (newest first), with kind, category and
/// assignee filtered by the table service; the rest is narrowed here. A union's few hundred cases a month keep
/// this cheap; the range is capped at <see cref="CaseQuery.MaxMonths"/>.
/// </summary>
public sealed class CaseSearch(CaseStore cases, SlaClock clock, SlaOptions sla, TimeProvider time)
{
    public async Task<CaseList> PageAsync(CaseQuery query, CancellationToken ct)
    {
        var all = await MatchingAsync(query, ct);
        var counts = Enum.GetValues<CaseStatus>().ToDictionary(s => s.ToString(), s => all.Count(c => c.Status == s));
        var filtered = query.Status is null ? all : all.Where(c => c.Status == query.Status).ToList();
        var items = filtered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new CaseList(items, filtered.Count, query.Page, query.PageSize, counts);
    }

    /// <summary>Every matching case, newest first (the export).</summary>
    public async Task<IReadOnlyList<StaffCaseView>> AllAsync(CaseQuery query, CancellationToken ct)
    {
        var all = await MatchingAsync(query, ct);
        return query.Status is null ? all : all.Where(c => c.Status == query.Status).ToList();
    }

    /// <summary>The stored cases created between two China dates (statistics).</summary>
    public async Task<IReadOnlyList<Case>> CreatedBetweenAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var list = new List<Case>();
        foreach (var month in Months(from, to))
        {
            await foreach (var c in cases.ListMonthAsync(month, null, ct))
            {
                var day = ChinaTime.Date(c.CreatedAt);
                if (day >= from && day <= to)
                {
                    list.Add(c);
                }
            }
        }
        return list;
    }

    private async Task<List<StaffCaseView>> MatchingAsync(CaseQuery query, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = ChinaTime.Date(now);
        var to = query.To ?? today;
        var from = query.From ?? new DateOnly(to.Year, to.Month, 1).AddMonths(1 - sla.LookBackMonths);
        var narrow = StoredFilter(query);
        var found = new List<StaffCaseView>();
        foreach (var month in Months(from, to))
        {
            await foreach (var c in cases.ListMonthAsync(month, narrow, ct))
            {
                var view = StaffCaseView.Of(c, clock, now);
                if (query.MatchesIgnoringStatus(view, ChinaTime.Date(c.CreatedAt)))
                {
                    found.Add(view);
                }
            }
        }
        return found.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number, StringComparer.Ordinal).ToList();
    }

    private static TableFilter? StoredFilter(CaseQuery query)
    {
        TableFilter? filter = null;
        void And(TableFilter f) => filter = filter is null ? f : filter.And(f);
        if (query.Kind is { } kind)
        {
            And(TableFilter.Create($"Kind eq {kind.ToString()}"));
        }
        if (query.Category is { } category)
        {
            And(TableFilter.Create($"Category eq {category}"));
        }
        if (query.Assignee is { } assignee && assignee != CaseQuery.Unassigned)
        {
            And(TableFilter.Create($"Assignee eq {assignee}"));
        }
        return filter;
    }

    /// <summary>Month partitions (yyyy-MM) from <paramref name="to"/> back to <paramref name="from"/>.</summary>
    public static IEnumerable<string> Months(DateOnly from, DateOnly to)
    {
        var first = new DateOnly(from.Year, from.Month, 1);
        for (var month = new DateOnly(to.Year, to.Month, 1); month >= first; month = month.AddMonths(-1))
        {
            yield return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>One page of cases, the total that matched, and the count per status of everything but the status filter.</summary>
public sealed record CaseList(IReadOnlyList<StaffCaseView> Items, int Total, int Page, int PageSize, IReadOnlyDictionary<string, int> StatusCounts);
