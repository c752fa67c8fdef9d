using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>Computes <see cref="StatsReport"/> over the cases created in a range; the API and the console show the same figures.</summary>
public sealed class CaseStatistics(CaseSearch search, SlaClock clock, TimeProvider time)
{
    public const int DefaultWeeks = 12;
    public const int MaxDays = 366 * 2;

    /// <summary>The default range: the last <see cref="DefaultWeeks"/> weeks up to today (China time).</summary>
    public (DateOnly From, DateOnly To) DefaultRange()
    {
        var today = ChinaTime.Date(time.GetUtcNow());
        return (WeekStart(today).AddDays(-7 * (DefaultWeeks - 1)), today);
    }

    public async Task<StatsReport> ComputeAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var cases = (await search.CreatedBetweenAsync(from, to, ct)).Where(c => c.MergedInto is null).ToList();
        return Compute(cases, from, to, time.GetUtcNow());
    }

    public StatsReport Compute(IReadOnlyList<Case> cases, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var categories = cases.GroupBy(c => c.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var weeks = new List<WeekCounts>();
        for (var week = WeekStart(from); week <= to; week = week.AddDays(7))
        {
            var start = week;
            var inWeek = cases.Where(c => WeekStart(ChinaTime.Date(c.CreatedAt)) == start).ToList();
            weeks.Add(new WeekCounts(
                start,
                inWeek.Count,
                Enum.GetValues<CaseKind>().ToDictionary(k => k.ToString(), k => inWeek.Count(c => c.Kind == k)),
                categories.ToDictionary(cat => cat, cat => inWeek.Count(c => c.Category == cat))));
        }

        var firstResponse = cases.Where(c => c.FirstResponseAt is not null).Select(c => (c.FirstResponseAt!.Value - c.CreatedAt).TotalHours);
        var resolution = cases.Where(c => SlaClock.FinishedAt(c) is not null)
            .Select(c => (SlaClock.FinishedAt(c)!.Value - c.CreatedAt).TotalHours);
        var ratings = cases.Where(c => c.Rating is >= 1 and <= 5).Select(c => c.Rating!.Value).ToList();

        return new StatsReport(
            from, to, cases.Count, weeks, categories,
            Median(firstResponse), Median(resolution),
            OnTime(cases, c => c.FirstResponseAt, clock.FirstResponseDue, now),
            OnTime(cases, SlaClock.FinishedAt, clock.ResolutionDue, now),
            new Satisfaction(
                ratings.Count,
                ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2),
                ratings.Count == 0 ? null : Math.Round(ratings.Count(r => r >= 4) / (double)ratings.Count, 4)));
    }

    /// <summary>The Monday of the week a date falls in.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static OnTimeRate OnTime(IEnumerable<Case> cases, Func<Case, DateTimeOffset?> doneAt, Func<Case, DateTimeOffset> due, DateTimeOffset now)
    {
        int onTime = 0, counted = 0;
        foreach (var c in cases)
        {
            var deadline = due(c);
            if (doneAt(c) is { } done)
            {
                counted++;
                onTime += done <= deadline ? 1 : 0;
            }
            else if (now > deadline && CaseTransitions.IsOpen(c.Status))
            {
                counted++;
            }
        }
        return new OnTimeRate(onTime, counted, counted == 0 ? null : Math.Round(onTime / (double)counted, 4));
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1);
    }
}
