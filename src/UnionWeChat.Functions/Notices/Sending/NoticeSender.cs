using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Timer job <c>notices</c>: counts the audience of notices waiting to go out (so staff see reach and warnings
/// before approving), starts notices that are due, writes their audience to the outbox, and sends. Safe to run
/// twice at once or on several instances: every step is claimed with an ETag or a lease.
/// Tests and the bench call <see cref="RunOnceAsync"/> directly.
/// </summary>
public sealed partial class NoticeSender(
    NoticeStore notices,
    AudienceResolver resolver,
    AudienceExpander expander,
    RecipientDispatcher recipients,
    MassDispatcher mass,
    OutboxStore outbox,
    NoticeOptions options,
    TimeProvider time,
    ILogger<NoticeSender> logger) : ITimerJob
{
    public Task RunAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    public async Task<IReadOnlyList<DispatchReport>> RunOnceAsync(CancellationToken ct)
    {
        var deadline = time.GetTimestamp() + (long)(options.MaxRunTime.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var reports = new List<DispatchReport>();
        foreach (var listed in (await notices.ListActiveAsync(ct)).OrderBy(n => n.SendAt))
        {
            if (time.GetTimestamp() > deadline)
            {
                break;
            }
            // One notice's trouble (storage, WeChat) is logged and must not hold up the others.
            try
            {
                if (await WorkOnAsync(listed, deadline, ct) is { } report)
                {
                    reports.Add(report);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, listed.Id);
            }
        }
        return reports;
    }

    private async Task<DispatchReport?> WorkOnAsync(Notice listed, long deadline, CancellationToken ct)
    {
        var notice = listed;
        if (notice.Status is NoticeStatus.AwaitingApproval or NoticeStatus.Scheduled && notice.Preflight is null)
        {
            notice = await PreflightAsync(notice, ct) ?? notice;
        }
        var now = time.GetUtcNow();
        if (notice.Status == NoticeStatus.Scheduled && notice.SendAt <= now)
        {
            var started = await notices.ChangeAsync(notice.Id, n => n.Status == NoticeStatus.Scheduled
                ? n with { Status = NoticeStatus.Sending, StartedAt = n.StartedAt ?? now, LastStop = null }
                : null, ct);
            notice = started.Notice ?? notice;
        }
        if (notice.Status != NoticeStatus.Sending)
        {
            return null;
        }
        if (notice.ExpandedAt is null && await expander.ExpandAsync(notice, ct) is null)
        {
            return null;
        }
        notice = await notices.GetAsync(notice.Id, ct) ?? notice;
        if (notice.Preflight is { Recipients: 0 })
        {
            // The audience emptied after it was counted (unfollows, a poll's audience): refused, never "completed" for no one.
            await RefuseAsync(notice, NoticeStatus.Sending, ct);
            return null;
        }
        var run = new NoticeRun(notice, notices, time, deadline);
        var report = notice.Channel == NoticeChannel.Mass
            ? await mass.SendAsync(run, ct)
            : await recipients.SendAsync(run, ct);
        await RecordRunAsync(notice, report, ct);
        return report;
    }

    private async Task<Notice?> PreflightAsync(Notice notice, CancellationToken ct)
    {
        var audience = await resolver.ResolveAsync(notice, ct);
        var now = time.GetUtcNow();
        var changed = await notices.ChangeAsync(notice.Id, n => n.Preflight is not null
            ? null
            : audience.Recipients.Count == 0 && n.Status is NoticeStatus.AwaitingApproval or NoticeStatus.Scheduled
                ? NoticeRefusal.AudienceEmpty.Apply(n, now) with { Preflight = audience.Preflight }
                : n with { Preflight = audience.Preflight }, ct);
        if (changed.Changed && changed.Notice?.Status == NoticeStatus.Refused)
        {
            LogRefused(notice.Id, NoticeRefusal.AudienceEmptyCode);
        }
        return changed.Notice;
    }

    private async Task RefuseAsync(Notice notice, NoticeStatus from, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var changed = await notices.ChangeAsync(notice.Id, n => n.Status == from ? NoticeRefusal.AudienceEmpty.Apply(n, now) : null, ct);
        if (changed.Changed)
        {
            LogRefused(notice.Id, NoticeRefusal.AudienceEmptyCode);
        }
    }

    private async Task RecordRunAsync(Notice notice, DispatchReport report, CancellationToken ct)
    {
        var counts = (await outbox.CountersAsync(notice, ct)).Aggregate(OutboxCounts.Zero, (sum, c) => sum.Plus(c.Counts));
        var done = counts.Pending == 0 && counts.Sending == 0;
        var now = time.GetUtcNow();
        await notices.ChangeAsync(notice.Id, n =>
        {
            if (n.Status != NoticeStatus.Sending)
            {
                return null;
            }
            var next = n with
            {
                LastStop = done ? null : Describe(report.Stop, now),
                // A run that sent only a handful says little about the rate.
                LastRunRate = report.Sent >= 100 ? report.RatePerSecond : n.LastRunRate,
            };
            if (done)
            {
                return next with { Status = NoticeStatus.Completed, CompletedAt = now };
            }
            return report.Stop == NoticeStop.TemplateRejected ? next with { Status = NoticeStatus.Paused, ChangedBy = "sender", ChangedAt = now } : next;
        }, ct);
        LogRun(notice.Id, report.Sent, report.Failed, report.Skipped, report.Unconfirmed, report.Stop?.ToString() ?? (done ? "completed" : "none"), report.RatePerSecond);
    }

    private static string? Describe(NoticeStop? stop, DateTimeOffset now) => stop switch
    {
        NoticeStop.QuotaExhausted => $"今日发送额度已用完（45009），其余将在 {NoticeKeys.NextQuotaWindow(now):yyyy-MM-dd HH:mm} (北京时间) 后继续发送",
        NoticeStop.AccountProblem => "微信拒绝了公众号凭证或服务器IP，请检查 AppSecret 与 IP 白名单",
        NoticeStop.TemplateRejected => "微信拒绝了模板或模板数据（40037/47001/47003），通知已暂停，请核对模板后重新创建",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId} refused: {Code}")]
    private partial void LogRefused(string noticeId, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {NoticeId}: this run stopped on an error; the next run carries on")]
    private partial void LogFailed(Exception exception, string noticeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {NoticeId}: sent {Sent}, failed {Failed}, skipped {Skipped}, unconfirmed {Unconfirmed}; stop {Stop}; {Rate:F1}/s")]
    private partial void LogRun(string noticeId, int sent, int failed, int skipped, int unconfirmed, string stop, double rate);
}
