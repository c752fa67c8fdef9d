namespace UnionWeChat.Functions.Platform.Storage.Tables;

/// <summary>
/// Storage failed in a way the caller cannot treat as an answer: after the pipeline's retries, a request the service
/// rejected, a missing table, storage that cannot be reached, or a row that kept changing under our retries.
/// Expected outcomes (already exists, ETag conflict, not found) are results of <see cref="TableClientExtensions"/>.
/// </summary>
/// <remarks>The message names the operation, the status and the service error code; never keys or tokens.</remarks>
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

    /// <summary>An exception for an HTTP status (0 when no response arrived) and a service error code.</summary>
    public TableStorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the failed response, or 0 when storage could not be reached at all.</summary>
    public int Status { get; }

    /// <summary>The service error code (for example <c>TableNotFound</c>), when known.</summary>
    public string? ErrorCode { get; }

    /// <summary>The table is gone (an emulator restarted empty, or an operator deleted it).</summary>
    public bool IsTableMissing => Status == 404 && ErrorCode == "TableNotFound";
}
