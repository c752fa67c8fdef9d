namespace UnionWeChat.Tables;

/// <summary>The outcome of a conditional update or delete, and the entity's new ETag after an update.</summary>
/// <param name="Outcome">Succeeded, Conflict (412) or NotFound (404).</param>
/// <param name="ETag">The new ETag after a successful update; null otherwise (and after a delete).</param>
public readonly record struct WriteResult(WriteOutcome Outcome, string? ETag)
{
    /// <summary>True when the write was applied.</summary>
    public bool Succeeded => Outcome == WriteOutcome.Succeeded;
}
