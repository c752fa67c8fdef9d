using System.Globalization;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// MASSSENDJOBFINISH and TEMPLATESENDJOBFINISH: WeChat's reports of what was delivered, folded into the notices'
/// progress. A template report comes from the recipient and names the message id; it is matched against the
/// recipient's row in the template notices that are sending or finished in the last three days (a few point reads).
/// </summary>
public sealed partial class SendJobReportFeature(
    NoticeStore notices,
    OutboxStore outbox,
    MassJobStore jobs,
    TimeProvider time,
    ILogger<SendJobReportFeature> logger) : IEventFeature
{
    private static readonly TimeSpan ReportWindow = TimeSpan.FromDays(3);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinCacheAge = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private (long At, IReadOnlyList<Notice> Notices)? _recent;

    public bool Handles(EventMessage message) => message is MassSendJobFinishEvent or TemplateSendJobFinishEvent;

    public async Task<Reply?> HandleAsync(ChatContext chat, CancellationToken ct)
    {
        switch (chat.Message)
        {
            case MassSendJobFinishEvent mass:
                if (!await jobs.RecordFinishedAsync(mass, ct))
                {
                    LogUnknownJob();
                }
                break;
            case TemplateSendJobFinishEvent template when long.TryParse(template.MsgId, NumberStyles.None, CultureInfo.InvariantCulture, out var msgId):
                await RecordTemplateAsync(chat.OpenId, msgId, template.Status, ct);
                break;
        }
        return null;
    }

    private async Task RecordTemplateAsync(string openId, long msgId, string status, CancellationToken ct)
    {
        // A notice that started after the list was cached is missed once; then the list is read again.
        if (!await TryRecordAsync(await RecentTemplateNoticesAsync(fresh: false, ct), openId, msgId, status, ct))
        {
            await TryRecordAsync(await RecentTemplateNoticesAsync(fresh: true, ct), openId, msgId, status, ct);
        }
    }

    private async Task<bool> TryRecordAsync(IReadOnlyList<Notice> candidates, string openId, long msgId, string status, CancellationToken ct)
    {
        OutboxRow? inFlight = null;
        foreach (var notice in candidates)
        {
            var row = await outbox.GetAsync(NoticeKeys.Partition(notice.Id, NoticeKeys.BucketOf(openId, notice.Buckets)), openId, ct);
            if (row?.MsgId == msgId)
            {
                await outbox.RecordDeliveryAsync(row.Partition, openId, status, ct);
                return true;
            }
            // The report can overtake the sender's own record of the send; then the row is still sending.
            inFlight ??= row is { State: RecipientState.Sending, MsgId: null } ? row : null;
        }
        if (inFlight is null)
        {
            return false;
        }
        await outbox.RecordDeliveryAsync(inFlight.Partition, openId, status, ct);
        return true;
    }

    private async Task<IReadOnlyList<Notice>> RecentTemplateNoticesAsync(bool fresh, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_recent is { } cached && time.GetElapsedTime(cached.At) < (fresh ? MinCacheAge : CacheFor))
            {
                return cached.Notices;
            }
        }
        var list = await notices.ListRecentTemplateAsync(time.GetUtcNow() - ReportWindow, ct);
        lock (_gate)
        {
            _recent = (time.GetTimestamp(), list);
        }
        return list;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A mass-send report for a job this app did not submit (or not yet recorded)")]
    private partial void LogUnknownJob();
}
