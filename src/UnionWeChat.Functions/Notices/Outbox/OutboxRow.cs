namespace UnionWeChat.Functions.Notices;

/// <summary>One recipient of one notice, as stored in the outbox.</summary>
public sealed record OutboxRow
{
    public required string Partition { get; init; }
    public required string OpenId { get; init; }
    public RecipientState State { get; init; }
    public int Attempts { get; init; }
    /// <summary>The claim (one batch of one run) that holds the row while it is <see cref="RecipientState.Sending"/>.</summary>
    public string? ClaimId { get; init; }
    public DateTimeOffset? ClaimedAt { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    /// <summary>WeChat's errcode for failed and skipped rows; a reason word for skips decided here.</summary>
    public int? ErrCode { get; init; }
    public string? Reason { get; init; }
    public long? MsgId { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>Mass sends: the clientmsgid of the list this row was claimed into.</summary>
    public string? MassKey { get; init; }
    /// <summary>TEMPLATESENDJOBFINISH status: success, failed:user block, failed: system failed.</summary>
    public string? Delivery { get; init; }
    public string? ETag { get; init; }
}
