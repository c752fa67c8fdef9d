namespace UnionWeChat.Tables;

/// <summary>
/// The outcome of an entity-group transaction. When an operation fails, nothing in the transaction is applied and
/// the failing operation is reported here.
/// </summary>
/// <param name="Succeeded">True when every operation was applied.</param>
/// <param name="FailedIndex">The zero-based index of the operation that failed, when the service says which.</param>
/// <param name="FailedStatus">The HTTP status of the failed operation (for example 409 or 412).</param>
/// <param name="ErrorCode">The service error code of the failed operation (for example <c>EntityAlreadyExists</c>).</param>
/// <param name="ETags">On success, the new ETag of each operation in order (null for deletes); empty on failure.</param>
public sealed record TransactionResult(
    bool Succeeded,
    int? FailedIndex,
    int? FailedStatus,
    string? ErrorCode,
    IReadOnlyList<string?> ETags);
