using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Cases;

/// <summary>The SLA timer: tells staff of cases past their deadlines, every 15 minutes.</summary>
public sealed class SlaTimer(TimerRunner runner)
{
    public const string Name = "sla-check";
    public const string Schedule = "0 */15 * * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Name, cancellationToken);
}
