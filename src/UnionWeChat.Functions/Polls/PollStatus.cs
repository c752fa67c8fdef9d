namespace UnionWeChat.Functions.Polls;

/// <summary>Where a poll is in its life. Ballots are taken only while Scheduled or Open and inside the window.</summary>
public enum PollStatus
{
    /// <summary>Audience is everyone: a second admin must approve before the timer opens it.</summary>
    AwaitingApproval,
    /// <summary>Approved (or needing no approval); the timer opens it at its opening time.</summary>
    Scheduled,
    /// <summary>The timer opened it (and announced it, if configured).</summary>
    Open,
    Closed,
    /// <summary>Withdrawn before it opened.</summary>
    Cancelled,
}
