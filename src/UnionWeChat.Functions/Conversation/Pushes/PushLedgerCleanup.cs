using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Conversation;

/// <summary>Timer job: forgets pushes older than a day, so the de-duplication table does not grow forever.</summary>
public sealed partial class PushLedgerCleanup(PushLedger ledger, ILogger<PushLedgerCleanup> logger) : ITimerJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await ledger.PurgeExpiredAsync(cancellationToken);
        LogPurged(deleted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} pushes older than a day")]
    private partial void LogPurged(int count);
}
