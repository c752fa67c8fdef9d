using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Tests.Cases.Sla;

public sealed class SlaClockTests
{
    private static readonly DateTimeOffset Monday9 = new(2026, 11, 16, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly SlaClock _clock = new(new SlaOptions(), new WorkingCalendar(new SlaOptions()));

    [Fact]
    public void A_new_untaken_case_is_escalated_after_four_hours_and_late_for_its_first_response_after_a_working_day()
    {
        var c = Case(CaseStatus.New);

        Assert.Empty(_clock.Breaches(c, Monday9.AddHours(3)));
        Assert.Equal([SlaBreachKind.Unassigned], _clock.Breaches(c, Monday9.AddHours(5)));
        Assert.Equal([SlaBreachKind.Unassigned, SlaBreachKind.FirstResponse], _clock.Breaches(c, Monday9.AddDays(1).AddMinutes(1)));
    }

    [Fact]
    public void A_tier_sets_the_resolution_deadline_and_finished_or_merged_cases_are_never_late()
    {
        var general = Case(CaseStatus.InProgress) with { Assignee = "tom", FirstResponseAt = Monday9.AddHours(1) };
        var complex = general with { Tier = SlaTier.Complex };
        var later = Monday9.AddDays(20);

        Assert.Equal(Monday9.AddDays(9), _clock.ResolutionDue(general));
        Assert.Equal([SlaBreachKind.Resolution], _clock.Breaches(general, later));
        Assert.Empty(_clock.Breaches(complex, later));
        Assert.Empty(_clock.Breaches(general with { Status = CaseStatus.Resolved }, later));
        Assert.Empty(_clock.Breaches(general with { MergedInto = "TS-20261116-0002" }, later));
    }

    private static Case Case(CaseStatus status) => new()
    {
        Number = "TS-20261116-0001",
        Kind = CaseKind.Complaint,
        Category = "欠薪",
        Status = status,
        CreatedAt = Monday9,
        UpdatedAt = Monday9,
        WorkerRef = "wtest",
        OpenId = "oTest",
        Description = "x",
    };
}
