using System.Globalization;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Section <c>Sla</c>: 限时办结 targets in working days (China time) per kind and tier, e.g.
/// <c>Sla__Complaint__Difficult__ResolutionDays=15</c>, and the calendar: <c>Sla__Holidays=2026-10-01,2026-10-02</c>
/// (days off) and <c>Sla__Workdays=2026-10-10</c> (weekend days worked, 调休). Defaults: first response within
/// 1 working day; resolution within 7 (一般), 15 (难点) or 30 (特别复杂) working days, for both kinds.
/// </summary>
public sealed class SlaOptions : IValidatedOptions
{
    public SlaKindTargets Complaint { get; set; } = new();

    public SlaKindTargets Aid { get; set; } = new();

    /// <summary>Comma-separated dates (yyyy-MM-dd) that are not working days: public holidays. Default none.</summary>
    public string Holidays { get; set; } = "";

    /// <summary>Comma-separated weekend dates that are working days (调休上班). Default none.</summary>
    public string Workdays { get; set; } = "";

    /// <summary>A new case nobody has taken is escalated to the supervisors after this long. Default 4 hours; 10 minutes to 7 days.</summary>
    public TimeSpan EscalateUnassignedAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How many months back the timer and the queue look for open cases. Default 12; 1 to 60.</summary>
    public int LookBackMonths { get; set; } = 12;

    public SlaTarget TargetFor(CaseKind kind, SlaTier tier) => (kind == CaseKind.Complaint ? Complaint : Aid).For(tier);

    public IReadOnlySet<DateOnly> HolidayDates() => Dates(Holidays);

    public IReadOnlySet<DateOnly> WorkdayDates() => Dates(Workdays);

    public IEnumerable<ConfigProblem> Validate()
    {
        foreach (var (kind, targets) in new[] { ("Complaint", Complaint), ("Aid", Aid) })
        {
            foreach (var tier in Enum.GetValues<SlaTier>())
            {
                var target = targets.For(tier);
                if (target.FirstResponseDays is < 1 or > 30)
                {
                    yield return new ConfigProblem($"Sla__{kind}__{tier}__FirstResponseDays", "must be between 1 and 30 working days");
                }
                if (target.ResolutionDays < target.FirstResponseDays || target.ResolutionDays > 365)
                {
                    yield return new ConfigProblem($"Sla__{kind}__{tier}__ResolutionDays", "must be at least the first-response days and at most 365");
                }
            }
        }
        foreach (var (key, list) in new[] { ("Sla__Holidays", Holidays), ("Sla__Workdays", Workdays) })
        {
            var bad = Split(list).FirstOrDefault(d => !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
            if (bad is not null)
            {
                yield return new ConfigProblem(key, $"must be comma-separated yyyy-MM-dd dates; '{bad}' is not one");
            }
        }
        if (EscalateUnassignedAfter < TimeSpan.FromMinutes(10) || EscalateUnassignedAfter > TimeSpan.FromDays(7))
        {
            yield return new ConfigProblem("Sla__EscalateUnassignedAfter", "must be between 00:10:00 and 7.00:00:00");
        }
        if (LookBackMonths is < 1 or > 60)
        {
            yield return new ConfigProblem("Sla__LookBackMonths", "must be between 1 and 60");
        }
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static HashSet<DateOnly> Dates(string list) =>
        Split(list).Select(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateOnly?)null)
            .OfType<DateOnly>().ToHashSet();
}

/// <summary>Targets for one kind of case, per tier.</summary>
public sealed class SlaKindTargets
{
    public SlaTarget General { get; set; } = new() { ResolutionDays = 7 };

    public SlaTarget Difficult { get; set; } = new() { ResolutionDays = 15 };

    public SlaTarget Complex { get; set; } = new() { ResolutionDays = 30 };

    public SlaTarget For(SlaTier tier) => tier switch
    {
        SlaTier.Difficult => Difficult,
        SlaTier.Complex => Complex,
        _ => General,
    };
}

/// <summary>Working days to the first response and to resolution.</summary>
public sealed class SlaTarget
{
    public int FirstResponseDays { get; set; } = 1;

    public int ResolutionDays { get; set; } = 7;
}
