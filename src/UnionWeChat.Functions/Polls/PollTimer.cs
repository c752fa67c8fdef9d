using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Polls;

/// <summary>The polls timer: opens, closes and announces polls as their times come, every minute.</summary>
public sealed class PollTimer(TimerRunner runner)
{
    public const string Name = "polls";
    public const string Schedule = "0 * * * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Name, cancellationToken);
}
