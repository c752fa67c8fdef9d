namespace UnionWeChat.Tables;

/// <summary>The outcome of an insert-if-absent: added (with the new ETag), or already there (HTTP 409).</summary>
/// <param name="Added">True when this call created the entity.</param>
/// <param name="ETag">The new entity's ETag when added; null when it already existed.</param>
public readonly record struct AddResult(bool Added, string? ETag)
{
    /// <summary>The entity was there before this call; nothing was written.</summary>
    public static AddResult AlreadyExists => new(false, null);
}
