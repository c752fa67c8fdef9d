using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Tests.Cases.Sla;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void A_friday_afternoon_case_is_due_monday_afternoon_for_one_working_day()
    {
        var calendar = new WorkingCalendar(new SlaOptions());

        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 11, 20, 15, 30, 0, China), 1);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 15, 30, 0, China), due);
    }

    [Fact]
    public void Holidays_are_skipped_and_make_up_weekend_workdays_count()
    {
        var calendar = new WorkingCalendar(new SlaOptions { Holidays = "2026-10-01, 2026-10-02,2026-10-05", Workdays = "2026-10-10" });

        // Wednesday 30 September + 2 working days: 1, 2 October are holidays, 3–4 a weekend, 5 a holiday → 6, 7 October.
        Assert.Equal(new DateTimeOffset(2026, 10, 7, 9, 0, 0, China), calendar.AddWorkingDays(new DateTimeOffset(2026, 9, 30, 9, 0, 0, China), 2));
        // Friday 9 October + 1: Saturday 10 October is a make-up working day.
        Assert.Equal(new DateTimeOffset(2026, 10, 10, 9, 0, 0, China), calendar.AddWorkingDays(new DateTimeOffset(2026, 10, 9, 9, 0, 0, China), 1));
    }

    [Fact]
    public void A_case_filed_on_a_day_off_starts_its_clock_at_the_next_working_days_midnight()
    {
        var calendar = new WorkingCalendar(new SlaOptions());

        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 11, 21, 22, 0, 0, China), 1);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, China), due);
    }

    [Fact]
    public void Deadlines_are_judged_in_china_time_whatever_offset_the_instant_has()
    {
        var calendar = new WorkingCalendar(new SlaOptions());

        // Friday 23:00 UTC is Saturday 07:00 in China: a day off.
        var due = calendar.AddWorkingDays(new DateTimeOffset(2026, 11, 20, 23, 0, 0, TimeSpan.Zero), 1);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, China), due);
    }

    [Fact]
    public void Targets_differ_by_kind_and_tier()
    {
        var options = new SlaOptions();
        options.Aid.Complex.ResolutionDays = 45;

        Assert.Equal(7, options.TargetFor(CaseKind.Complaint, SlaTier.General).ResolutionDays);
        Assert.Equal(15, options.TargetFor(CaseKind.Complaint, SlaTier.Difficult).ResolutionDays);
        Assert.Equal(30, options.TargetFor(CaseKind.Complaint, SlaTier.Complex).ResolutionDays);
        Assert.Equal(45, options.TargetFor(CaseKind.Aid, SlaTier.Complex).ResolutionDays);
        Assert.Equal(1, options.TargetFor(CaseKind.Aid, SlaTier.General).FirstResponseDays);
    }

    [Fact]
    public void Bad_sla_settings_are_named_by_their_keys()
    {
        var options = new SlaOptions { Holidays = "2026-10-01,十月二日", EscalateUnassignedAfter = TimeSpan.FromMinutes(1), LookBackMonths = 0 };
        options.Complaint.Difficult.ResolutionDays = 0;

        var keys = options.Validate().Select(p => p.Key).ToList();

        Assert.Equal(["Sla__Complaint__Difficult__ResolutionDays", "Sla__Holidays", "Sla__EscalateUnassignedAfter", "Sla__LookBackMonths"], keys);
        Assert.Empty(new SlaOptions().Validate());
    }
}
