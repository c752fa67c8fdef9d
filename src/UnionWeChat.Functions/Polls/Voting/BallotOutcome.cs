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
public sealed record BallotOutcome(BallotResult Result, string? Receipt = null);
