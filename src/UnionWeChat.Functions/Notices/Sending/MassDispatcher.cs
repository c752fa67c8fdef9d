using UnionWeChat.Functions.Outbound;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Sends a mass notice as openid lists (never <c>sendall</c>: only a list honours 退订 and the per-member records).
/// One instance at a time holds the notice's lease. Each list is claimed first (its rows → sending, carrying the
/// list's clientmsgid, a hash of its openids), counted against each member's monthly allowance, then submitted.
/// After a crash the claimed rows are submitted again as the same list with the same clientmsgid: WeChat refuses a
/// repeat for 24 hours (45065), which the client reports as already submitted, and the rows are marked sent.
/// </summary>
public sealed partial class MassDispatcher(
    OutboxStore outbox,
    MassJobStore jobs,
    MassBudget budget,
    SendQuota quota,
    SendRate rate,
    WeChatSender sender,
    NoticeOptions options,
    TimeProvider time,
    ILogger<MassDispatcher> logger)
{
    // WeChat keeps a clientmsgid for 24 hours; an hour is kept for clocks that disagree.
    private static readonly TimeSpan MassRepeatWindow = TimeSpan.FromHours(23);

    public async Task<DispatchReport> SendAsync(NoticeRun run, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var notice = run.Notice;
        var tally = new DispatchTally();
        var owner = Guid.NewGuid().ToString("N");
        if (!await jobs.TryLeaseAsync(notice.Id, owner, options.MaxRunTime + options.LeaseDuration, ct))
        {
            run.StopWith(NoticeStop.Busy);
            return tally.ToReport(run, time.GetElapsedTime(started));
        }
        try
        {
            await using var pool = quota.OpenPool(SendApi.Mass, 1);
            var counters = new Dictionary<string, BucketCounter>(StringComparer.Ordinal);
            var pending = new List<OutboxRow>();
            var claimed = new List<OutboxRow>();
            for (var b = 0; b < notice.Buckets; b++)
            {
                var (counter, _) = await outbox.OpenCounterAsync(NoticeKeys.Partition(notice.Id, b), ct);
                counters[counter.Partition] = counter;
                if (counter.Counts.Pending > 0)
                {
                    pending.AddRange(await outbox.ListAsync(counter.Partition, RecipientState.Pending, null, null, ct));
                }
                if (counter.Counts.Sending > 0)
                {
                    claimed.AddRange(await outbox.ListAsync(counter.Partition, RecipientState.Sending, null, null, ct));
                }
            }

            foreach (var list in claimed.GroupBy(r => r.MassKey ?? ""))
            {
                if (!await run.ShouldContinueAsync(ct))
                {
                    break;
                }
                await RecoverAsync(run, list.Key, list.ToList(), counters, pool, tally, ct);
            }

            var ordered = pending.OrderBy(r => r.OpenId, StringComparer.Ordinal).ToList();
            if (ordered.Count == 1)
            {
                // WeChat takes 2 to 10,000 openids per list; a lone recipient cannot be mass-sent to.
                await ApplyAsync(counters, ordered, r => r with { State = RecipientState.Failed, ErrCode = 40130, Reason = "mass-needs-two" }, ct);
                tally.Count(RecipientState.Failed);
                ordered.Clear();
            }
            foreach (var list in Lists(ordered))
            {
                if (!await run.ShouldContinueAsync(ct))
                {
                    break;
                }
                if (await pool.TakeAsync(1, ct) == 0)
                {
                    run.StopWith(NoticeStop.QuotaExhausted);
                    break;
                }
                var key = NoticeKeys.MassClientMsgId(notice.Id, list.Select(r => r.OpenId));
                var now = time.GetUtcNow();
                var taken = await ApplyAsync(counters, list, r => r.State == RecipientState.Pending
                    ? r with { State = RecipientState.Sending, MassKey = key, ClaimedAt = now, LeaseUntil = now + options.LeaseDuration, Attempts = r.Attempts + 1 }
                    : null, ct);
                if (taken.Count != list.Count)
                {
                    // Rows changed under the lease: leave what was claimed to recovery, which sends it as its own list.
                    run.StopWith(NoticeStop.Busy);
                    break;
                }
                await budget.RecordAsync(NoticeKeys.Month(now), notice.Id, taken.Select(r => r.OpenId), ct);
                await SubmitAsync(run, key, taken, counters, pool, tally, ct);
            }
        }
        finally
        {
            await jobs.ReleaseLeaseAsync(notice.Id, owner, CancellationToken.None);
        }
        return tally.ToReport(run, time.GetElapsedTime(started));
    }

    // Balanced lists of at most MassBatchSize, so none is left with a single openid.
    private IEnumerable<List<OutboxRow>> Lists(List<OutboxRow> ordered)
    {
        if (ordered.Count == 0)
        {
            yield break;
        }
        var lists = (ordered.Count + options.MassBatchSize - 1) / options.MassBatchSize;
        var size = (ordered.Count + lists - 1) / lists;
        for (var i = 0; i < ordered.Count; i += size)
        {
            yield return ordered.GetRange(i, Math.Min(size, ordered.Count - i));
        }
    }

    private async Task RecoverAsync(NoticeRun run, string key, List<OutboxRow> rows, Dictionary<string, BucketCounter> counters,
        QuotaPool pool, DispatchTally tally, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (key.Length == 0 || rows.Any(r => !(r.ClaimedAt > now - MassRepeatWindow)))
        {
            var written = await ApplyAsync(counters, rows, r => r.State == RecipientState.Sending && r.MassKey == key
                ? r with { State = RecipientState.Unconfirmed, Reason = "outcome-unknown", LeaseUntil = null }
                : null, ct);
            tally.Count(RecipientState.Unconfirmed, written.Count);
            return;
        }
        if (rows.Count < 2)
        {
            // A claim cut short before it was submitted: the row joins the next list.
            var released = await ApplyAsync(counters, rows, Release(key), ct);
            tally.Count(RecipientState.Pending, released.Count);
            return;
        }
        if (await pool.TakeAsync(1, ct) == 0)
        {
            run.StopWith(NoticeStop.QuotaExhausted);
            return;
        }
        await SubmitAsync(run, key, rows, counters, pool, tally, ct);
    }

    private async Task SubmitAsync(NoticeRun run, string key, IReadOnlyList<OutboxRow> rows, Dictionary<string, BucketCounter> counters,
        QuotaPool pool, DispatchTally tally, CancellationToken ct)
    {
        var openIds = rows.Select(r => r.OpenId).Order(StringComparer.Ordinal).ToList();
        await rate.WaitAsync(ct);
        var result = await sender.SendToOpenIdsAsync(openIds, NoticeContent.Mass(run.Notice), key, ct);
        if (result.Error is not { } ex)
        {
            var msgId = result.MsgId ?? 0;
            await jobs.RecordSubmittedAsync(run.Notice.Id, msgId, openIds.Count, ct);
            var sentAt = time.GetUtcNow();
            var sent = await ApplyAsync(counters, rows, Ours(key, r => r with { State = RecipientState.Sent, MsgId = msgId, SentAt = sentAt, LeaseUntil = null }), ct);
            tally.Count(RecipientState.Sent, sent.Count);
            if (result.AlreadySubmitted)
            {
                LogResubmitted(run.Notice.Id, openIds.Count);
            }
        }
        else
        {
            RecipientState outcome;
            Func<OutboxRow, OutboxRow?> change;
            if (result.Status == SendStatus.AnswerLost)
            {
                // May have been accepted, whatever a later attempt said: the rows stay claimed and are submitted again
                // with the same clientmsgid, which WeChat refuses as a repeat if the first one went through.
                return;
            }
            if (ex.Kind == WeChatErrorKind.QuotaExhausted || ex.ErrCode == WeChatErrorCodes.NoMassSendQuota)
            {
                await quota.MarkExhaustedAsync(SendApi.Mass, ct);
                run.StopWith(NoticeStop.QuotaExhausted);
                (outcome, change) = (RecipientState.Pending, Release(key));
                pool.Return(1);
            }
            else if (ex.Kind is WeChatErrorKind.TokenRejected or WeChatErrorKind.IpNotWhitelisted)
            {
                run.StopWith(NoticeStop.AccountProblem);
                (outcome, change) = (RecipientState.Pending, Release(key));
                pool.Return(1);
            }
            else if (ex.Kind == WeChatErrorKind.Retryable && rows.Max(r => r.Attempts) < options.MaxAttempts)
            {
                (outcome, change) = (RecipientState.Pending, Release(key));
            }
            else
            {
                (outcome, change) = (RecipientState.Failed, Ours(key, r => r with { State = RecipientState.Failed, ErrCode = ex.ErrCode, LeaseUntil = null }));
            }
            LogRefused(run.Notice.Id, openIds.Count, ex.ErrCode);
            var written = await ApplyAsync(counters, rows, change, ct);
            tally.Count(outcome, written.Count);
        }
    }

    private async Task<List<OutboxRow>> ApplyAsync(Dictionary<string, BucketCounter> counters, IEnumerable<OutboxRow> rows,
        Func<OutboxRow, OutboxRow?> change, CancellationToken ct)
    {
        var written = new List<OutboxRow>();
        foreach (var partition in rows.GroupBy(r => r.Partition))
        {
            foreach (var chunk in partition.Chunk(options.ClaimBatchSize))
            {
                written.AddRange(await outbox.ApplyAsync(counters[partition.Key], chunk.Select(r => new OutboxTransition(r, change)).ToList(), ct));
            }
        }
        return written;
    }

    private static Func<OutboxRow, OutboxRow?> Ours(string key, Func<OutboxRow, OutboxRow> change) =>
        r => r.State == RecipientState.Sending && r.MassKey == key ? change(r) : null;

    private static Func<OutboxRow, OutboxRow?> Release(string key) =>
        Ours(key, r => r with { State = RecipientState.Pending, MassKey = null, LeaseUntil = null });

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {NoticeId}: a list of {Count} was already submitted before a crash; WeChat refused the repeat")]
    private partial void LogResubmitted(string noticeId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId}: WeChat refused a list of {Count} (errcode {ErrCode})")]
    private partial void LogRefused(string noticeId, int count, int errCode);
}
