
namespace UnionWeChat.Functions.Cases;

/// <summary>Deadlines of a case and what it is late for, from <see cref="SlaOptions"/>.</summary>
public sealed class SlaClock(SlaOptions options, WorkingCalendar calendar)
{
    public DateTimeOffset FirstResponseDue(Case c) =>
        calendar.AddWorkingDays(c.CreatedAt, options.TargetFor(c.Kind, c.Tier).FirstResponseDays);

    public DateTimeOffset ResolutionDue(Case c) =>
        calendar.AddWorkingDays(c.CreatedAt, options.TargetFor(c.Kind, c.Tier).ResolutionDays);

    /// <summary>When the case was finished: resolved, or closed without a resolution.</summary>
    public static DateTimeOffset? FinishedAt(Case c) => c.ResolvedAt ?? c.ClosedAt;

    /// <summary>Breaches of an open case at <paramref name="now"/>; none for resolved, closed or merged cases.</summary>
    public IReadOnlyList<SlaBreachKind> Breaches(Case c, DateTimeOffset now)
    {
        if (!CaseTransitions.IsOpen(c.Status) || c.MergedInto is not null)
        {
            return [];
        }
        var found = new List<SlaBreachKind>();
        if (c.Status == CaseStatus.New && c.Assignee is null && now - c.CreatedAt >= options.EscalateUnassignedAfter)
        {
            found.Add(SlaBreachKind.Unassigned);
        }
        if (c.FirstResponseAt is null && now > FirstResponseDue(c))
        {
            found.Add(SlaBreachKind.FirstResponse);
        }
        if (now > ResolutionDue(c))
        {
            found.Add(SlaBreachKind.Resolution);
        }
        return found;
    }

    public static string Label(SlaBreachKind kind) => kind switch
    {
        SlaBreachKind.FirstResponse => "首次响应超时",
        SlaBreachKind.Resolution => "办结超时",
        _ => "无人受理",
    };
}
