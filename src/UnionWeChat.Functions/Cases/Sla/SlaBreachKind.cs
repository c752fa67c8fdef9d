namespace UnionWeChat.Functions.Cases;

/// <summary>What an open case is late for.</summary>
public enum SlaBreachKind
{
    /// <summary>No reply to the worker within the first-response target.</summary>
    FirstResponse,
    /// <summary>Not resolved within the resolution target.</summary>
    Resolution,
    /// <summary>A new case nobody has taken (escalated to the supervisors: 督办).</summary>
    Unassigned,
}
