using System.Collections.Concurrent;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Sends a template or custom notice one recipient at a time. Workers take buckets; in a bucket they go through the
/// pending rows in batches (the notice is read again and quota taken once per batch). Each send is recorded the
/// moment WeChat answers it, before the worker's next send: one ETag-checked transaction in the bucket writes the
/// last outcome, claims the next row (pending → sending, with a claim id and a lease) and moves the bucket's counter.
/// A row is sent only by the run whose claim holds it, and only while the lease has time left, so overlapping runs
/// on several instances never send it twice.
/// <para>
/// So a row is left <c>sending</c> only while its outcome is unknown: the one send of each worker in flight when
/// its instance died, a template send whose answer was lost, and a repeat of either that was cut off again. Answered
/// sends are never repeated, however late the restart. Once the lease lapses, such a template row is sent again
/// with the same client_msg_id, which WeChat drops as a repeat for 10 minutes from the first send; past that (nobody
/// ran for ~9 minutes) it is marked unconfirmed instead, since a repeat could reach the member twice. Custom messages
/// have no such key: a lapsed custom claim is always unconfirmed, never repeated.
/// </para>
/// </summary>
public sealed partial class RecipientDispatcher(
    OutboxStore outbox,
    SendQuota quota,
    SendRate rate,
    WeChatSender sender,
    MemberStore members,
    NoticeOptions options,
    TimeProvider time,
    ILogger<RecipientDispatcher> logger)
{
    // WeChat drops a repeated template client_msg_id for 10 minutes (api_sendtemplatemessage); a minute is kept
    // for clocks that disagree.
    private static readonly TimeSpan TemplateRepeatWindow = TimeSpan.FromMinutes(9);
    private static readonly int[] TemplateLevelErrors = [40037, 47001, 47003];
    private const int PageSize = 1000;

    public async Task<DispatchReport> SendAsync(NoticeRun run, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var notice = run.Notice;
        var sendApi = notice.Channel == NoticeChannel.Custom ? SendApi.Custom : SendApi.Template;
        var tally = new DispatchTally();
        var workers = Math.Min(options.SendConcurrency, notice.Buckets);
        // A batch is about two seconds of one worker's share of the rate: staff pausing or cancelling is seen within
        // a couple of seconds, for one read of the notice per batch.
        var batchSize = (int)Math.Clamp(Math.Ceiling(rate.RequestsPerSecond / workers * 2), 1, options.ClaimBatchSize);
        await using (var pool = quota.OpenPool(sendApi, batchSize * workers))
        {
            // Instances start at different buckets so overlapping runs mostly work apart.
            var first = Random.Shared.Next(notice.Buckets);
            var buckets = new ConcurrentQueue<int>(Enumerable.Range(0, notice.Buckets).Select(i => (i + first) % notice.Buckets));
            var tasks = Enumerable.Range(0, workers)
                .Select(_ => WorkAsync(new Batch(run, sendApi, pool, tally, batchSize), buckets, ct));
            await Task.WhenAll(tasks);
        }
        return tally.ToReport(run, time.GetElapsedTime(started));
    }

    private async Task WorkAsync(Batch batch, ConcurrentQueue<int> buckets, CancellationToken ct)
    {
        while (buckets.TryDequeue(out var bucket) && await batch.Run.ShouldContinueAsync(ct))
        {
            await DrainAsync(batch, NoticeKeys.Partition(batch.Run.Notice.Id, bucket), ct);
        }
    }

    private async Task DrainAsync(Batch batch, string partition, CancellationToken ct)
    {
        var (counter, _) = await outbox.OpenCounterAsync(partition, ct);
        if (counter.Counts.Pending == 0 && counter.Counts.Sending == 0)
        {
            return;
        }
        if (counter.Counts.Sending > 0)
        {
            await RecoverAsync(batch, counter, ct);
        }
        string? after = null;
        while (await batch.Run.ShouldContinueAsync(ct))
        {
            // Whole pages (the service returns at most 1,000 rows a query): a query costs far more than a row, on
            // Azurite above all, which scans the whole table for each. Rows another instance claims meanwhile just
            // fail their claim.
            var rows = await outbox.ListAsync(partition, RecipientState.Pending, after, PageSize, ct);
            if (rows.Count == 0)
            {
                return;
            }
            after = rows[^1].OpenId;
            foreach (var chunk in rows.Chunk(batch.Size))
            {
                if (!await batch.Run.ShouldContinueAsync(ct))
                {
                    return;
                }
                await SendBatchAsync(batch, counter, chunk, ct);
            }
        }
    }

    // Claims whose lease lapsed: their sender died during the send, or lost its answer. Sent again only where
    // WeChat still de-duplicates; otherwise left unconfirmed.
    private async Task RecoverAsync(Batch batch, BucketCounter counter, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lapsed = await outbox.ListLapsedClaimsAsync(counter.Partition, now, ct);
        var repeatable = batch.Api == SendApi.Template
            ? lapsed.Where(r => r.ClaimedAt > now - TemplateRepeatWindow).ToList()
            : [];
        var abandoned = lapsed.Except(repeatable).ToList();
        foreach (var chunk in abandoned.Chunk(options.ClaimBatchSize))
        {
            var written = await outbox.ApplyAsync(counter, chunk.Select(r => new OutboxTransition(r, cur =>
                SameLapsedClaim(cur, r, now) ? cur with { State = RecipientState.Unconfirmed, Reason = "outcome-unknown", LeaseUntil = null } : null)).ToList(), ct);
            batch.Tally.Count(RecipientState.Unconfirmed, written.Count);
        }
        if (abandoned.Count > 0)
        {
            LogUnconfirmed(batch.Run.Notice.Id, abandoned.Count);
        }
        foreach (var chunk in repeatable.Chunk(batch.Size))
        {
            if (!await batch.Run.ShouldContinueAsync(ct))
            {
                return;
            }
            await SendBatchAsync(batch, counter, chunk, ct);
        }
    }

    /// <summary>
    /// Sends to <paramref name="rows"/> (pending, or lapsed claims to repeat) one by one. Each write records the last
    /// answer and claims the next row, so at any moment at most one row of this worker is claimed and not recorded.
    /// </summary>
    private async Task SendBatchAsync(Batch batch, BucketCounter counter, IReadOnlyList<OutboxRow> rows, CancellationToken ct)
    {
        var granted = await batch.Pool.TakeAsync(rows.Count, ct);
        if (granted == 0)
        {
            batch.Run.StopWith(NoticeStop.QuotaExhausted);
            return;
        }
        var claimId = Guid.NewGuid().ToString("N");
        var used = 0;
        OutboxTransition? answered = null;
        OutboxRow? claiming = null;
        Claim? held = null;
        try
        {
            foreach (var row in rows.Take(granted))
            {
                if (batch.Run.Stopped)
                {
                    break;
                }
                claiming = row;
                held = await RecordAndClaimAsync(counter, answered, row, claimId, ct);
                (answered, claiming) = (null, null);
                if (held is null)
                {
                    continue;
                }
                await rate.WaitAsync(ct);
                // Stop starting sends well before the lease ends, so another run cannot have claimed the row. A send
                // still in flight when the lease lapses (a slow answer, retries) is the case WeChat's own
                // de-duplication covers: a template repeat carries the same client_msg_id, and a lapsed custom claim
                // is never repeated.
                if (batch.Run.Stopped || time.GetUtcNow() >= held.Row.LeaseUntil - options.LeaseDuration / 5)
                {
                    break;
                }
                var sending = held;
                held = null;
                var outcome = await SendOneAsync(batch, sending, claimId, ct);
                if (outcome is { } known)
                {
                    answered = known.Transition;
                    used += known.Reached ? 1 : 0;
                    batch.Tally.Count(known.State);
                }
                else
                {
                    used++;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: record the last answer and give back a row claimed but not sent. The one whose send was
            // cut off stays sending (it may have reached WeChat); its lease lapses and recovery decides.
            using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (claiming is not null)
            {
                // The claim may or may not have been written: release it as it is now.
                var current = await outbox.GetAsync(counter.Partition, claiming.OpenId, shutdown.Token);
                held = current is null ? null : new Claim(current, claiming.State == RecipientState.Sending);
            }
            await outbox.ApplyAsync(counter, Unrecorded(answered, held, claimId), shutdown.Token);
            throw;
        }
        await outbox.ApplyAsync(counter, Unrecorded(answered, held, claimId), ct);
        batch.Pool.Return(granted - used);
    }

    /// <summary>One transaction: the last send's outcome, and the claim of <paramref name="next"/>. Null when another run has it.</summary>
    private async Task<Claim?> RecordAndClaimAsync(BucketCounter counter, OutboxTransition? answered, OutboxRow next, string claimId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A repeat keeps the time of its first claim: WeChat's 10 minutes run from the first send, not the last.
        var claim = new OutboxTransition(next, cur => cur.State == RecipientState.Pending || SameLapsedClaim(cur, next, now)
            ? cur with
            {
                State = RecipientState.Sending,
                ClaimId = claimId,
                ClaimedAt = cur.State == RecipientState.Sending ? cur.ClaimedAt : now,
                LeaseUntil = now + options.LeaseDuration,
                Attempts = cur.Attempts + 1,
            }
            : null);
        var written = await outbox.ApplyAsync(counter, answered is null ? [claim] : [answered, claim], ct);
        return written.FirstOrDefault(r => r.OpenId == next.OpenId && r.ClaimId == claimId) is { } row
            ? new Claim(row, next.State == RecipientState.Sending)
            : null;
    }

    private static List<OutboxTransition> Unrecorded(OutboxTransition? answered, Claim? held, string claimId) =>
        [.. new[] { answered, held is null ? null : Release(held, claimId) }.OfType<OutboxTransition>()];

    /// <summary>The row's outcome as a transition; null leaves it sending (the outcome is unknown).</summary>
    private async Task<(OutboxTransition Transition, RecipientState State, bool Reached)?> SendOneAsync(
        Batch batch, Claim claim, string claimId, CancellationToken ct)
    {
        var notice = batch.Run.Notice;
        var row = claim.Row;
        var result = batch.Api == SendApi.Template
            ? await sender.SendTemplateAsync(NoticeContent.Template(notice, row.OpenId), ct)
            : await SendCustomAsync(notice, row.OpenId, ct);
        if (result.Error is not { } ex)
        {
            var sentAt = time.GetUtcNow();
            var msgId = result.MsgId;
            return (Ours(row, claimId, cur => cur with { State = RecipientState.Sent, MsgId = msgId, SentAt = sentAt, LeaseUntil = null, ErrCode = null }),
                RecipientState.Sent, true);
        }
        var outcome = await FailureOutcomeAsync(batch, row, claimId, ex, ct);
        // An attempt lost its answer, so the message may have been delivered whatever the last attempt said
        // (busy, 5xx, 45009, a refused template…): the row stays sending. Recovery repeats it with the same
        // client_msg_id while WeChat still drops repeats, and after that leaves it unconfirmed. Put back to
        // pending it could reach the member twice a day later; marked failed it would count a delivery as none.
        // A repeat that is put back is the same: an earlier attempt may have been delivered. (A custom message's
        // lost answer is a Timeout, which FailureOutcomeAsync marks unconfirmed.)
        return batch.Api == SendApi.Template && (result.Status == SendStatus.AnswerLost || (claim.Repeat && outcome?.State == RecipientState.Pending))
            ? null
            : outcome;
    }

    /// <summary>What a failed send means for its row, stopping the run where the failure concerns every row.</summary>
    private async Task<(OutboxTransition Transition, RecipientState State, bool Reached)?> FailureOutcomeAsync(
        Batch batch, OutboxRow row, string claimId, WeChatApiException ex, CancellationToken ct)
    {
        var notice = batch.Run.Notice;
        switch (ex.Kind)
        {
            case WeChatErrorKind.QuotaExhausted:
                await quota.MarkExhaustedAsync(batch.Api, ct);
                batch.Run.StopWith(NoticeStop.QuotaExhausted);
                return (Release(row, claimId), RecipientState.Pending, false);
            case WeChatErrorKind.TokenRejected or WeChatErrorKind.IpNotWhitelisted:
                LogAccountProblem(notice.Id, ex.ErrCode);
                batch.Run.StopWith(NoticeStop.AccountProblem);
                return (Release(row, claimId), RecipientState.Pending, false);
            case WeChatErrorKind.Permanent when batch.Api == SendApi.Template && TemplateLevelErrors.Contains(ex.ErrCode):
                LogTemplateRejected(notice.Id, ex.ErrCode);
                batch.Run.StopWith(NoticeStop.TemplateRejected);
                return (Release(row, claimId), RecipientState.Pending, false);
            case WeChatErrorKind.NotFollowing or WeChatErrorKind.Permanent:
                return (Finish(row, claimId, RecipientState.Failed, ex.ErrCode), RecipientState.Failed, true);
            case WeChatErrorKind.OutsideServiceWindow:
                return (Finish(row, claimId, RecipientState.Skipped, ex.ErrCode), RecipientState.Skipped, true);
            case WeChatErrorKind.Timeout:
                // A custom message (never repeated: it carries no key WeChat could drop a repeat by). A template
                // send's timeout may have taken effect, and stays sending (see the caller).
                return (Finish(row, claimId, RecipientState.Unconfirmed, ex.ErrCode), RecipientState.Unconfirmed, true);
            default:
                // Busy or 5xx after the client's own retries: try again next run, up to MaxAttempts.
                return row.Attempts >= options.MaxAttempts
                    ? (Finish(row, claimId, RecipientState.Failed, ex.ErrCode), RecipientState.Failed, true)
                    : (Ours(row, claimId, cur => cur with { State = RecipientState.Pending, ClaimId = null, LeaseUntil = null, ErrCode = ex.ErrCode }),
                        RecipientState.Pending, true);
        }
    }

    private async Task<SendResult> SendCustomAsync(Notice notice, string openId, CancellationToken ct)
    {
        var result = NoticeContent.CustomArticle(notice) is { } article
            ? await sender.SendNewsAsync(openId, article, ct)
            : await sender.SendTextAsync(openId, NoticeContent.Text(notice), ct);
        if (!result.IsSent)
        {
            return result;
        }
        // The window's allowance is shared with replies to the member; count this one against it. The message is
        // out either way, so a failure to count must not make it look unsent.
        try
        {
            await members.CountCustomSentAsync(openId, ct);
        }
        catch (TableStorageException ex)
        {
            LogCountFailed(ex, notice.Id);
        }
        return result;
    }

    private static bool SameLapsedClaim(OutboxRow current, OutboxRow read, DateTimeOffset now) =>
        current.State == RecipientState.Sending && current.ClaimId == read.ClaimId && current.LeaseUntil <= now;

    private static OutboxTransition Ours(OutboxRow row, string claimId, Func<OutboxRow, OutboxRow> change) =>
        new(row, cur => cur.State == RecipientState.Sending && cur.ClaimId == claimId ? change(cur) : null);

    private static OutboxTransition Release(OutboxRow row, string claimId) =>
        Ours(row, claimId, cur => cur with { State = RecipientState.Pending, ClaimId = null, LeaseUntil = null, Attempts = Math.Max(0, cur.Attempts - 1) });

    // A claimed row that was not sent goes back to pending; a repeat stays sending (its first send's outcome is
    // still unknown) until its lease lapses and recovery decides again.
    private static OutboxTransition? Release(Claim claim, string claimId) => claim.Repeat ? null : Release(claim.Row, claimId);

    private static OutboxTransition Finish(OutboxRow row, string claimId, RecipientState state, int errCode) =>
        Ours(row, claimId, cur => cur with { State = state, ErrCode = errCode, LeaseUntil = null });

    private sealed record Batch(NoticeRun Run, SendApi Api, QuotaPool Pool, DispatchTally Tally, int Size);

    /// <summary>A row as this worker claimed it; <c>Repeat</c> when it was a lapsed claim, sent before with its outcome unknown.</summary>
    private sealed record Claim(OutboxRow Row, bool Repeat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId}: a custom message went out but could not be counted against the member's service window")]
    private partial void LogCountFailed(Exception exception, string noticeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId}: {Count} recipients left unconfirmed: their claim lapsed past the window in which WeChat drops a repeat")]
    private partial void LogUnconfirmed(string noticeId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId}: WeChat refused the account (errcode {ErrCode}); sending stops until it is fixed")]
    private partial void LogAccountProblem(string noticeId, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId}: WeChat refused the template or its data (errcode {ErrCode}); the notice is paused")]
    private partial void LogTemplateRejected(string noticeId, int errCode);
}
