using UnionWeChat.Functions.Cases;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Cases.Stats;

public sealed class CaseStatisticsTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, China);

    [Fact]
    public void Weeks_medians_on_time_rates_and_satisfaction_come_out_as_a_leader_would_count_them()
    {
        var now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, China);
        var cases = new[]
        {
            // Answered in 2 h, resolved in 2 days, rated 5.
            Case(1, Monday, "欠薪") with { FirstResponseAt = Monday.AddHours(2), Status = CaseStatus.Closed, ResolvedAt = Monday.AddDays(2), ClosedAt = Monday.AddDays(3), Rating = 5 },
            // Answered in 4 h; resolved after 20 days (late), rated 3.
            Case(2, Monday.AddDays(1), "工伤") with { FirstResponseAt = Monday.AddDays(1).AddHours(4), Status = CaseStatus.Resolved, ResolvedAt = Monday.AddDays(21), Rating = 3 },
            // Next week, answered after 3 days (late), still open and past its 7-day deadline.
            Case(3, Monday.AddDays(7), "欠薪", CaseKind.Aid) with { FirstResponseAt = Monday.AddDays(10), Status = CaseStatus.InProgress },
            // Last week, brand new: counts in its week, not yet in any rate.
            Case(4, now.AddHours(-1), "社保"),
        };
        var clock = new SlaClock(new SlaOptions(), new WorkingCalendar(new SlaOptions()));
        var statistics = new CaseStatistics(null!, clock, new ManualTimeProvider(now));

        var report = statistics.Compute(cases, new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 30), now);

        Assert.Equal([new DateOnly(2026, 11, 2), new(2026, 11, 9), new(2026, 11, 16), new(2026, 11, 23), new(2026, 11, 30)], report.Weeks.Select(w => w.WeekStart));
        Assert.Equal([2, 1, 0, 0, 1], report.Weeks.Select(w => w.Total));
        Assert.Equal(1, report.Weeks[1].ByKind["Aid"]);
        Assert.Equal(["欠薪", "工伤", "社保"], report.Categories);
        Assert.Equal(1, report.Weeks[0].ByCategory["工伤"]);
        Assert.Equal(4.0, report.MedianHoursToFirstResponse);
        Assert.Equal(new OnTimeRate(2, 3, 0.6667), report.FirstResponseOnTime);
        Assert.Equal(new OnTimeRate(1, 3, 0.3333), report.ResolutionOnTime);
        Assert.Equal((2 * 24 + 20 * 24) / 2.0, report.MedianHoursToResolution);
        Assert.Equal(new Satisfaction(2, 4.0, 0.5), report.Satisfaction);
    }

    [Fact]
    public void With_no_cases_the_rates_are_empty_rather_than_zero()
    {
        var clock = new SlaClock(new SlaOptions(), new WorkingCalendar(new SlaOptions()));
        var report = new CaseStatistics(null!, clock, new ManualTimeProvider()).Compute([], new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8), Monday);

        Assert.Null(report.ResolutionOnTime.Rate);
        Assert.Null(report.MedianHoursToFirstResponse);
        Assert.Null(report.Satisfaction.Average);
        Assert.Equal(0, Assert.Single(report.Weeks).Total);
    }

    private static Case Case(int n, DateTimeOffset created, string category, CaseKind kind = CaseKind.Complaint) => new()
    {
        Number = $"TS-20261102-{n:D4}",
        Kind = kind,
        Category = category,
        CreatedAt = created,
        UpdatedAt = created,
        WorkerRef = "w" + n,
        OpenId = "o" + n,
        Description = "x",
    };
}
