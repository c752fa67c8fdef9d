namespace UnionWeChat.Functions.Notices;

/// <summary>Where a notice is in its life. Only <see cref="Sending"/> notices are worked by the sender.</summary>
public enum NoticeStatus
{
    /// <summary>Addressed to everyone: waits for a second admin's approval.</summary>
    AwaitingApproval,
    /// <summary>Goes out at its send time.</summary>
    Scheduled,
    /// <summary>Due: the outbox is being filled or sent.</summary>
    Sending,
    /// <summary>Stopped by staff between batches; resumes where it left off.</summary>
    Paused,
    /// <summary>Every recipient has an outcome (sent, failed, skipped or unconfirmed).</summary>
    Completed,
    /// <summary>Stopped for good; recipients still pending are never sent.</summary>
    Cancelled,
    /// <summary>Never sent: the sender refused it (<see cref="Notice.RefusalCode"/>, reason in <see cref="Notice.LastStop"/>).</summary>
    Refused,
}
