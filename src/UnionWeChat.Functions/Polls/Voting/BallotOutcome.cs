namespace UnionWeChat.Functions.Polls;

public enum BallotResult
{
    /// <summary>Stored and counted.</summary>
    Accepted,
    /// <summary>This member's ballot was already in the box; nothing changed.</summary>
    AlreadyVoted,
    /// <summary>Not approved yet, withdrawn, or before the opening time.</summary>
    NotOpen,
    Closed,
    /// <summary>The member is not in the poll's audience (or not following).</summary>
    NotInAudience,
}

/// <summary>What happened to a ballot; <see cref="Receipt"/> is set when the member has a ballot in the box.</summary>
/// <param name="Again">Accepted, but not stored now: the box already held the ballot under this attempt's key (a
/// retried push, or a write whose answer was lost).</param>
public sealed record BallotOutcome(BallotResult Result, string? Receipt = null, bool Again = false);
