namespace UnionWeChat.Tables;

/// <summary>The outcome of a conditional update or delete.</summary>
public enum WriteOutcome
{
    /// <summary>The write was applied.</summary>
    Succeeded,

    /// <summary>The entity changed since the ETag was read (HTTP 412); nothing was written.</summary>
    Conflict,

    /// <summary>The entity does not exist (HTTP 404); nothing was written.</summary>
    NotFound,
}
