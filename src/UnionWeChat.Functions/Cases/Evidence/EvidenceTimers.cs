using Microsoft.Azure.Functions.Worker;
using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The evidence timers: fetching media workers sent into Blob Storage before WeChat's temporary media expire, and
/// moving evidence kept as table rows by earlier versions into blobs (one empty query a run once done).
/// </summary>
public sealed class EvidenceTimers(TimerRunner runner)
{
    public const string Keep = "evidence";
    public const string KeepSchedule = "0 */10 * * * *";
    public const string Migrate = "evidence-migration";
    public const string MigrateSchedule = "0 40 * * * *";

    [Function(Keep)]
    public Task KeepAsync([TimerTrigger(KeepSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Keep, cancellationToken);

    [Function(Migrate)]
    public Task MigrateAsync([TimerTrigger(MigrateSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(Migrate, cancellationToken);
}
