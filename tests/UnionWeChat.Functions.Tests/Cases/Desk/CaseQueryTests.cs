using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Tests.Cases.Desk;

public sealed class CaseQueryTests
{
    [Fact]
    public void A_query_string_round_trips_through_the_filters()
    {
        var (query, errors) = CaseQuery.Parse(Query("status=in_progress&kind=aid&category=金秋助学&assignee=none&from=2026-09-01&to=2026-11-30&q=学费&page=2&pageSize=20"));

        Assert.Empty(errors);
        Assert.Equal(CaseStatus.InProgress, query!.Status);
        Assert.Equal(CaseKind.Aid, query.Kind);
        Assert.Equal(CaseQuery.Unassigned, query.Assignee);
        Assert.Equal(new DateOnly(2026, 9, 1), query.From);
        Assert.Equal((2, 20), (query.Page, query.PageSize));
        var (again, _) = CaseQuery.Parse(Query(query.ToQueryString(withPaging: true)));
        Assert.Equal(query, again);
    }

    [Fact]
    public void Bad_filters_are_each_named_and_numbers_are_not_statuses()
    {
        var (query, errors) = CaseQuery.Parse(Query("status=3&kind=x&from=2026-13-01&page=0&pageSize=201&q=" + new string('字', 101)));

        Assert.Null(query);
        Assert.Equal(["from", "kind", "page", "pageSize", "q", "status"], errors.Keys.Order());
        var (range, rangeErrors) = CaseQuery.Parse(Query("from=2020-01-01&to=2026-01-01"));
        Assert.Null(range);
        Assert.Contains("36 months", rangeErrors["from"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_transitions_in_the_table_are_allowed()
    {
        Assert.True(CaseTransitions.IsAllowed(CaseStatus.New, CaseStatus.Triaged));
        Assert.True(CaseTransitions.IsAllowed(CaseStatus.Resolved, CaseStatus.InProgress));
        Assert.False(CaseTransitions.IsAllowed(CaseStatus.New, CaseStatus.Resolved));
        Assert.False(CaseTransitions.IsAllowed(CaseStatus.InProgress, CaseStatus.New));
        Assert.Empty(CaseTransitions.From(CaseStatus.Closed));
        Assert.All(Enum.GetValues<CaseStatus>(), s => Assert.DoesNotContain(s, CaseTransitions.From(s)));
    }

    private static QueryCollection Query(string query) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(kv => kv.Key, kv => (StringValues)kv.Value));
}
