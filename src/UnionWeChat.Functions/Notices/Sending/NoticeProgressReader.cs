namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Reads a notice's progress: one point read per bucket counter, plus the mass jobs or delivery tallies, and
/// estimates completion from the send rate and what is left of today's quota.
/// </summary>
public sealed class NoticeProgressReader(OutboxStore outbox, MassJobStore jobs, SendQuota quota, NoticeOptions options, TimeProvider time)
{
    public async Task<NoticeProgress> ReadAsync(Notice notice, CancellationToken ct)
    {
        var counts = (await outbox.CountersAsync(notice, ct)).Aggregate(OutboxCounts.Zero, (sum, c) => sum.Plus(c.Counts));
        IReadOnlyList<MassJob> massJobs = [];
        int delivered, deliveryFailed;
        if (notice.Channel == NoticeChannel.Mass)
        {
            massJobs = await jobs.ListAsync(notice.Id, ct);
            delivered = massJobs.Sum(j => j.SentCount ?? 0);
            deliveryFailed = massJobs.Sum(j => j.ErrorCount ?? 0);
        }
        else
        {
            (delivered, deliveryFailed) = await outbox.DeliveriesAsync(notice, ct);
        }

        var api = notice.Channel switch
        {
            NoticeChannel.Mass => SendApi.Mass,
            NoticeChannel.Custom => SendApi.Custom,
            _ => SendApi.Template,
        };
        var rate = notice.LastRunRate is > 0 and var last ? Math.Min(last, options.RequestsPerSecond) : options.RequestsPerSecond;
        var eta = await EstimateAsync(notice, counts, api, rate, ct);
        return new NoticeProgress(counts.Total, counts.Pending, counts.Sending, counts.Sent, counts.Failed, counts.Skipped, counts.Unconfirmed,
            delivered, deliveryFailed, Math.Round(rate, 1), eta, massJobs);
    }

    private async Task<DateTimeOffset?> EstimateAsync(Notice notice, OutboxCounts counts, SendApi api, double rate, CancellationToken ct)
    {
        if (notice.Status is NoticeStatus.Completed or NoticeStatus.Cancelled or NoticeStatus.Paused)
        {
            return null;
        }
        int remaining;
        if (notice.ExpandedAt is not null)
        {
            remaining = counts.Pending + counts.Sending;
        }
        else if (notice.Preflight is { } preflight)
        {
            remaining = preflight.Recipients - preflight.OverMassBudget - preflight.OutsideServiceWindow - (notice.Essential ? 0 : preflight.OptedOut);
        }
        else
        {
            return null;
        }
        var now = time.GetUtcNow();
        var start = notice.SendAt > now ? notice.SendAt : now;
        // A mass call carries a whole list; quotas count calls.
        var calls = api == SendApi.Mass ? (remaining + options.MassBatchSize - 1) / options.MassBatchSize : remaining;
        var status = await quota.StatusAsync(api, ct);
        if (calls <= status.Left || status.Limit == 0)
        {
            return start + TimeSpan.FromSeconds(calls / rate);
        }
        // What does not fit today waits for the next window(s), one day's quota each.
        var beyond = calls - status.Left;
        var extraDays = (beyond - 1) / status.Limit;
        return NoticeKeys.NextQuotaWindow(start).AddDays(extraDays) + TimeSpan.FromSeconds((beyond - extraDays * status.Limit) / rate);
    }
}
