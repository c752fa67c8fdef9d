namespace UnionWeChat.Tables;

/// <summary>
/// An unexpected failure talking to Table storage, after the pipeline's retries: authentication or authorisation
/// errors, requests the service rejected (400), a missing table, or storage that cannot be reached.
/// Expected outcomes (an entity that already exists, an ETag conflict, a missing entity) are results, not exceptions.
/// </summary>
/// <remarks>The message names the operation, the status and the service error code; it never holds keys or tokens.</remarks>
public sealed class TableStorageException : Exception
{
    public TableStorageException()
    {
    }

    public TableStorageException(string message)
        : base(message)
    {
    }

    public TableStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an HTTP status (0 when no response arrived) and a service error code.</summary>
    public TableStorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the failed response, or 0 when storage could not be reached at all.</summary>
    public int Status { get; }

    /// <summary>The Table service error code (for example <c>AuthenticationFailed</c>, <c>TableNotFound</c>), when known.</summary>
    public string? ErrorCode { get; }
}
