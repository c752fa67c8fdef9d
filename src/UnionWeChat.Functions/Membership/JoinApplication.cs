namespace UnionWeChat.Functions.Membership;

public enum ApplicationStatus
{
    /// <summary>Waiting for staff.</summary>
    Pending,
    /// <summary>Staff asked for more; the worker applies again with 入会 (the new application replaces this one).</summary>
    NeedsMore,
    Approved,
    Declined,
    /// <summary>Replaced by a newer application from the same worker.</summary>
    Replaced,
}

/// <summary>One staff action on an application, for its history: who, what, when.</summary>
public sealed record ApplicationEvent(DateTimeOffset At, string Actor, string Action);

/// <summary>
/// A worker's application to join the union (网上入会), as filed in the chat. No ID number is asked for; the mobile is
/// shown masked to everyone but admins.
/// </summary>
public sealed record JoinApplication
{
    public required string Id { get; init; }
    public required string OpenId { get; init; }
    public required string Name { get; init; }
    public required string Mobile { get; init; }
    public required string Employer { get; init; }
    public required string Job { get; init; }
    /// <summary>Whether the employer has a union, as the worker said: 已建立 / 没有 / 不清楚.</summary>
    public required string EmployerUnion { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public ApplicationStatus Status { get; init; } = ApplicationStatus.Pending;
    /// <summary>The decline reason or the question staff asked (shown to the worker).</summary>
    public string? Note { get; init; }
    public string? Union { get; init; }
    public string? MemberNumber { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public IReadOnlyList<ApplicationEvent> History { get; init; } = [];
    public string? ETag { get; init; }

    public bool IsOpen => Status is ApplicationStatus.Pending;

    public JoinApplication With(ApplicationEvent happened) => this with { History = [.. History, happened] };
}
