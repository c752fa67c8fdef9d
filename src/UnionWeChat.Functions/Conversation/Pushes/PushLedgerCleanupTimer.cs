using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Conversation;

/// <summary>Hourly: clears expired push records (and the replies they keep) from the rows of workers gone quiet.</summary>
public sealed class PushLedgerCleanupTimer(TimerRunner runner)
{
    public const string Name = "push-ledger-cleanup";
    public const string Schedule = "0 17 * * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Name, cancellationToken);
}
