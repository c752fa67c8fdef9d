using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Notices;

/// <summary>The notices timer: sends approved notices within the quotas and the send rate, every minute.</summary>
public sealed class NoticeTimer(TimerRunner runner)
{
    public const string Name = "notices";
    public const string Schedule = "0 * * * * *";

    [Function(Name)]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Name, cancellationToken);
}
