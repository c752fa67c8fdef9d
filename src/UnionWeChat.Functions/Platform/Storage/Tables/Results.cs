namespace UnionWeChat.Functions.Platform.Storage.Tables;

/// <summary>The outcome of an insert-if-absent: added (with the new ETag), or already there (HTTP 409).</summary>
public readonly record struct AddResult(bool Added, string? ETag)
{
    /// <summary>The entity was there before this call; nothing was written.</summary>
    public static AddResult AlreadyExists => new(false, null);
}

/// <summary>The outcome of a conditional update or delete.</summary>
public enum WriteOutcome
{
    Succeeded,

    /// <summary>The entity changed since the ETag was read (HTTP 412); nothing was written.</summary>
    Conflict,

    /// <summary>The entity does not exist (HTTP 404); nothing was written.</summary>
    NotFound,
}

/// <summary>The outcome of a conditional update or delete, and the entity's new ETag after an update.</summary>
public readonly record struct WriteResult(WriteOutcome Outcome, string? ETag)
{
    public bool Succeeded => Outcome == WriteOutcome.Succeeded;
}

/// <summary>
/// The outcome of an entity-group transaction. When an action fails, nothing in the transaction is applied and the
/// failing action is reported here: a result, not an exception.
/// </summary>
/// <param name="ETags">On success, the new ETag of each action in order (null for deletes); empty on failure.</param>
public sealed record TransactionResult(bool Succeeded, int? FailedIndex, int? FailedStatus, string? ErrorCode, IReadOnlyList<string?> ETags);
