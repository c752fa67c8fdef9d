using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Fetches evidence from WeChat's temporary media and keeps it: once right after filing (in the background, off
/// the reply path) and again from the <c>evidence</c> timer for anything still queued (storage or WeChat was down).
/// </summary>
public sealed partial class EvidenceKeeper(EvidenceStore store, WeChatApiClient api, ILogger<EvidenceKeeper> logger) : ITimerJob
{
    public void KeepSoon(string caseNumber, IReadOnlyList<string> items) =>
        _ = KeepAllAsync(caseNumber, items);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var (number, index, item) in store.PendingAsync(cancellationToken))
        {
            await KeepOneAsync(number, index, item, cancellationToken);
        }
    }

    private async Task KeepAllAsync(string caseNumber, IReadOnlyList<string> items)
    {
        try
        {
            await store.QueueAsync(caseNumber, items, CancellationToken.None);
            for (var i = 0; i < items.Count; i++)
            {
                await KeepOneAsync(caseNumber, i, items[i], CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // Background work nobody awaits: log it; the timer picks up whatever is still queued.
            LogFailed(ex, caseNumber);
        }
    }

    private async Task KeepOneAsync(string caseNumber, int index, string item, CancellationToken ct)
    {
        var mediaId = item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..];
        try
        {
            var media = await api.DownloadMediaAsync(mediaId, ct);
            await store.SaveAsync(caseNumber, index, media.ContentType, media.Content.ToArray(), ct);
        }
        catch (WeChatApiException ex) when (ex.Kind is WeChatErrorKind.Permanent)
        {
            LogGone(caseNumber, index, ex.ErrCode);
            await store.ForgetAsync(caseNumber, index, ct);
        }
        catch (ArgumentException)
        {
            LogGone(caseNumber, index, 0);
            await store.ForgetAsync(caseNumber, index, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping evidence for case {CaseNumber} failed; the timer will retry")]
    private partial void LogFailed(Exception exception, string caseNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence {Index} of case {CaseNumber} cannot be fetched (errcode {ErrCode})")]
    private partial void LogGone(string caseNumber, int index, int errCode);
}
