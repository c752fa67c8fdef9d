namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Writes a notice's audience into the outbox once, as sending starts: rows of up to 99 per transaction with their
/// bucket's counter. Idempotent: a run after a crash (or a second instance once the lease lapses) adds only the
/// rows that are missing, and never moves an existing row back to pending.
/// </summary>
public sealed partial class AudienceExpander(
    NoticeStore notices,
    OutboxStore outbox,
    AudienceResolver resolver,
    NoticeOptions options,
    TimeProvider time,
    ILogger<AudienceExpander> logger)
{
    // Long enough for 100,000 recipients on a slow storage account; another instance takes over after it.
    private static readonly TimeSpan ExpansionLease = TimeSpan.FromMinutes(10);

    /// <summary>The notice once its audience is in the outbox; null when another instance is writing it now.</summary>
    public async Task<Notice?> ExpandAsync(Notice notice, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var claim = await notices.ChangeAsync(notice.Id, n =>
            n.ExpandedAt is null && n.Status == NoticeStatus.Sending && !(n.ExpansionLeaseUntil > now)
                ? n with { ExpansionLeaseUntil = now + ExpansionLease }
                : null, ct);
        if (!claim.Changed)
        {
            return claim.Notice?.ExpandedAt is null ? null : claim.Notice;
        }

        var started = time.GetTimestamp();
        var audience = await resolver.ResolveAsync(notice, ct);
        if (audience.Recipients.Count == 0 && notice.Audience.Kind == AudienceKind.Tags)
        {
            // The tag emptied at WeChat since the preflight: refused, not completed with nobody reached.
            var refusedAt = time.GetUtcNow();
            await notices.ChangeAsync(notice.Id, n => NoticeRefusal.WhenEmpty(n, 0, refusedAt), ct);
            return null;
        }
        var added = 0;
        await Parallel.ForEachAsync(
            audience.Recipients.GroupBy(r => NoticeKeys.BucketOf(r.OpenId, notice.Buckets)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(8, options.SendConcurrency), CancellationToken = ct },
            async (bucket, token) =>
            {
                var partition = NoticeKeys.Partition(notice.Id, bucket.Key);
                var (counter, created) = await outbox.OpenCounterAsync(partition, token);
                // A counter that was already there means an earlier attempt wrote some of this bucket.
                var existing = created ? new HashSet<string>() : await outbox.OpenIdsAsync(partition, token);
                var rows = bucket
                    .Where(r => !existing.Contains(r.OpenId))
                    .Select(r => new OutboxRow
                    {
                        Partition = partition,
                        OpenId = r.OpenId,
                        State = r.SkipReason is null ? RecipientState.Pending : RecipientState.Skipped,
                        Reason = r.SkipReason,
                    });
                foreach (var chunk in rows.Chunk(options.ClaimBatchSize))
                {
                    Interlocked.Add(ref added, await outbox.InsertAsync(counter, chunk, token));
                }
            });

        var done = await notices.ChangeAsync(notice.Id, n => n with
        {
            ExpandedAt = time.GetUtcNow(),
            ExpansionLeaseUntil = null,
            Preflight = audience.Preflight,
        }, ct);
        LogExpanded(notice.Id, audience.Recipients.Count, added, time.GetElapsedTime(started).TotalSeconds);
        return done.Notice;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {NoticeId}: {Recipients} recipients, {Added} rows written to the outbox in {Seconds:F1} s")]
    private partial void LogExpanded(string noticeId, int recipients, int added, double seconds);
}
