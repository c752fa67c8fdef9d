using System.Collections.Concurrent;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Storage.Tables;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Sends a template or custom notice one recipient at a time. Workers take buckets; in a bucket they claim up to 99
/// pending rows with one ETag-checked transaction (pending → sending, with a claim id and a lease), send each at the
/// shared rate, and record the outcomes with a second transaction. A row is sent only by the run whose claim holds
/// it, and only while the lease has time left, so overlapping runs on several instances never send it twice.
/// <para>
/// After a crash a row stays <c>sending</c> until its lease lapses. A template row is then sent again with the
/// same client_msg_id, which WeChat drops as a repeat for 10 minutes; past that (nobody ran for ~9 minutes after
/// the crash) it is marked unconfirmed instead, since a repeat could reach the member twice. Custom messages have
/// no such key: a lapsed custom claim is always unconfirmed, never repeated.
/// </para>
/// </summary>
public sealed partial class RecipientDispatcher(
    OutboxStore outbox,
    SendQuota quota,
    SendRate rate,
    WeChatApiClient api,
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
        // A claim holds about two seconds of one worker's share of the rate: results are recorded every couple of
        // seconds, and a crash leaves few claims open (and few repeats for WeChat to drop).
        var claimSize = (int)Math.Clamp(Math.Ceiling(rate.RequestsPerSecond / workers * 2), 1, options.ClaimBatchSize);
        await using (var pool = quota.OpenPool(sendApi, claimSize * workers))
        {
            // Instances start at different buckets so overlapping runs mostly work apart.
            var first = Random.Shared.Next(notice.Buckets);
            var buckets = new ConcurrentQueue<int>(Enumerable.Range(0, notice.Buckets).Select(i => (i + first) % notice.Buckets));
            var tasks = Enumerable.Range(0, workers)
                .Select(_ => WorkAsync(new Batch(run, sendApi, pool, tally, claimSize), buckets, ct));
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
            foreach (var chunk in rows.Chunk(batch.ClaimSize))
            {
                if (!await batch.Run.ShouldContinueAsync(ct))
                {
                    return;
                }
                await SendBatchAsync(batch, counter, chunk, ct);
            }
        }
    }

    // Claims whose lease lapsed: their sender crashed, or lost an answer. Sent again only where WeChat still
    // de-duplicates; otherwise left unconfirmed.
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
        foreach (var chunk in repeatable.Chunk(batch.ClaimSize))
        {
            if (!await batch.Run.ShouldContinueAsync(ct))
            {
                return;
            }
            await SendBatchAsync(batch, counter, chunk, ct);
        }
    }

    private async Task SendBatchAsync(Batch batch, BucketCounter counter, IReadOnlyList<OutboxRow> rows, CancellationToken ct)
    {
        var granted = await batch.Pool.TakeAsync(rows.Count, ct);
        if (granted == 0)
        {
            batch.Run.StopWith(NoticeStop.QuotaExhausted);
            return;
        }
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        var leaseUntil = now + options.LeaseDuration;
        var claimed = await outbox.ApplyAsync(counter, rows.Take(granted).Select(r => new OutboxTransition(r, cur =>
            cur.State == RecipientState.Pending || SameLapsedClaim(cur, r, now)
                ? cur with { State = RecipientState.Sending, ClaimId = claimId, ClaimedAt = now, LeaseUntil = leaseUntil, Attempts = cur.Attempts + 1 }
                : null)).ToList(), ct);
        batch.Pool.Return(granted - claimed.Count);

        // Stop starting sends well before the lease ends, so another run cannot have claimed the row. A send still
        // in flight when the lease lapses (a slow answer, retries) is the case WeChat's own de-duplication covers:
        // a template repeat carries the same client_msg_id, and a lapsed custom claim is never repeated.
        var stopSendingAt = leaseUntil - options.LeaseDuration / 5;
        var outcomes = new List<OutboxTransition>(claimed.Count);
        var unsent = 0;
        var next = 0;
        var inFlight = false;
        try
        {
            for (; next < claimed.Count; next++)
            {
                var row = claimed[next];
                if (!batch.Run.Stopped)
                {
                    await rate.WaitAsync(ct);
                }
                if (batch.Run.Stopped || time.GetUtcNow() >= stopSendingAt)
                {
                    outcomes.Add(Release(row, claimId));
                    unsent++;
                    continue;
                }
                inFlight = true;
                var outcome = await SendOneAsync(batch, row, claimId, ct);
                inFlight = false;
                if (outcome is not null)
                {
                    outcomes.Add(outcome.Value.Transition);
                    unsent += outcome.Value.Reached ? 0 : 1;
                    batch.Tally.Count(outcome.Value.State);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: rows not yet tried go back to pending. The one whose send was cut off stays
            // sending (it may have reached WeChat); its lease lapses and recovery decides.
            outcomes.AddRange(claimed.Skip(inFlight ? next + 1 : next).Select(r => Release(r, claimId)));
            using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await outbox.ApplyAsync(counter, outcomes, shutdown.Token);
            throw;
        }
        await outbox.ApplyAsync(counter, outcomes, ct);
        batch.Pool.Return(unsent);
    }

    /// <summary>The row's outcome as a transition; null leaves it sending (the outcome is unknown).</summary>
    private async Task<(OutboxTransition Transition, RecipientState State, bool Reached)?> SendOneAsync(
        Batch batch, OutboxRow row, string claimId, CancellationToken ct)
    {
        var notice = batch.Run.Notice;
        try
        {
            long? msgId = null;
            if (batch.Api == SendApi.Template)
            {
                msgId = (await api.SendTemplateAsync(NoticeContent.Template(notice, row.OpenId), ct)).MsgId;
            }
            else
            {
                await SendCustomAsync(notice, row.OpenId, ct);
            }
            var sentAt = time.GetUtcNow();
            return (Ours(row, claimId, cur => cur with { State = RecipientState.Sent, MsgId = msgId, SentAt = sentAt, LeaseUntil = null, ErrCode = null }),
                RecipientState.Sent, true);
        }
        catch (WeChatApiException ex)
        {
            var outcome = await FailureOutcomeAsync(batch, row, claimId, ex, ct);
            // An attempt lost its answer, so the message may have been delivered whatever the last attempt said
            // (busy, 5xx, 45009, a refused template…): the row stays sending. Recovery repeats it with the same
            // client_msg_id while WeChat still drops repeats, and after that leaves it unconfirmed. Put back to
            // pending it could reach the member twice a day later; marked failed it would count a delivery as none.
            return batch.Api == SendApi.Template && ex.MayHaveTakenEffect ? null : outcome;
        }
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

    private async Task SendCustomAsync(Notice notice, string openId, CancellationToken ct)
    {
        if (NoticeContent.CustomArticle(notice) is { } article)
        {
            await api.SendCustomNewsAsync(openId, article, ct);
        }
        else
        {
            await api.SendCustomTextAsync(openId, NoticeContent.Text(notice), ct);
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
    }

    private static bool SameLapsedClaim(OutboxRow current, OutboxRow read, DateTimeOffset now) =>
        current.State == RecipientState.Sending && current.ClaimId == read.ClaimId && current.LeaseUntil <= now;

    private static OutboxTransition Ours(OutboxRow row, string claimId, Func<OutboxRow, OutboxRow> change) =>
        new(row, cur => cur.State == RecipientState.Sending && cur.ClaimId == claimId ? change(cur) : null);

    private static OutboxTransition Release(OutboxRow row, string claimId) =>
        Ours(row, claimId, cur => cur with { State = RecipientState.Pending, ClaimId = null, LeaseUntil = null, Attempts = Math.Max(0, cur.Attempts - 1) });

    private static OutboxTransition Finish(OutboxRow row, string claimId, RecipientState state, int errCode) =>
        Ours(row, claimId, cur => cur with { State = state, ErrCode = errCode, LeaseUntil = null });

    private sealed record Batch(NoticeRun Run, SendApi Api, QuotaPool Pool, DispatchTally Tally, int ClaimSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId}: a custom message went out but could not be counted against the member's service window")]
    private partial void LogCountFailed(Exception exception, string noticeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId}: {Count} recipients left unconfirmed: their claim lapsed past the window in which WeChat drops a repeat")]
    private partial void LogUnconfirmed(string noticeId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId}: WeChat refused the account (errcode {ErrCode}); sending stops until it is fixed")]
    private partial void LogAccountProblem(string noticeId, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId}: WeChat refused the template or its data (errcode {ErrCode}); the notice is paused")]
    private partial void LogTemplateRejected(string noticeId, int errCode);
}
