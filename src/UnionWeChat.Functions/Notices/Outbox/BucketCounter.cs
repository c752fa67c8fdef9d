namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A bucket's counter row as last seen: its counts and ETag. Every change of a row's state is written in the same
/// transaction as the counter, so the counts are exact, and reading a notice's progress reads one row per bucket.
/// A sender keeps its handle between batches; a stale ETag only costs a re-read.
/// </summary>
public sealed class BucketCounter(string partition, OutboxCounts counts, string etag, DateTimeOffset? lastSentAt)
{
    public string Partition { get; } = partition;

    public OutboxCounts Counts { get; private set; } = counts;

    public string ETag { get; private set; } = etag;

    public DateTimeOffset? LastSentAt { get; private set; } = lastSentAt;

    internal void Update(OutboxCounts counts, string etag, DateTimeOffset? lastSentAt)
    {
        Counts = counts;
        ETag = etag;
        LastSentAt = lastSentAt;
    }
}
