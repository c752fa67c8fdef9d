using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>New members per China month (the last twelve) and members per union, from the registry.</summary>
public sealed record MembershipReport(int Members, int Left, IReadOnlyList<(string Month, int Joined)> Months, IReadOnlyList<(string Union, int Members)> Unions);

public static class MembershipStatistics
{
    public const int MonthsShown = 12;

    public static MembershipReport Compute(IReadOnlyCollection<Registration> registry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var thisMonth = ChinaTime.Of(now);
        var months = Enumerable.Range(0, MonthsShown).Reverse()
            .Select(back => ChinaTime.Month(thisMonth.AddMonths(-back)))
            .ToList();
        var joined = registry.GroupBy(r => ChinaTime.Month(r.Since)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var unions = registry.Where(r => r.Active).GroupBy(r => r.Union, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count())).OrderByDescending(u => u.Item2).ThenBy(u => u.Key, StringComparer.Ordinal).ToList();
        return new MembershipReport(
            registry.Count(r => r.Active),
            registry.Count(r => !r.Active),
            [.. months.Select(m => (m, joined.GetValueOrDefault(m)))],
            unions);
    }
}
