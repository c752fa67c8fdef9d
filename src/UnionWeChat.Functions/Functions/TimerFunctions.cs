using Microsoft.Azure.Functions.Worker;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// The timer functions the Functions host fires (on one instance at a time, and once more for an occurrence missed
/// while the app was down). Each only runs its catalog job through <see cref="TimerRunner"/>, the path the standalone
/// scheduler takes too. A failed job fails the invocation, so the host records it; the next occurrence runs it again.
/// </summary>
public sealed class TimerFunctions(TimerRunner runner)
{
    [Function(TimerCatalog.Evidence)]
    public Task EvidenceAsync([TimerTrigger(TimerCatalog.EvidenceSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.Evidence, cancellationToken);

    [Function(TimerCatalog.EvidenceMigration)]
    public Task EvidenceMigrationAsync([TimerTrigger(TimerCatalog.EvidenceMigrationSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.EvidenceMigration, cancellationToken);

    [Function(TimerCatalog.PushLedgerCleanup)]
    public Task PushLedgerCleanupAsync([TimerTrigger(TimerCatalog.PushLedgerCleanupSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.PushLedgerCleanup, cancellationToken);

    [Function(TimerCatalog.SlaCheck)]
    public Task SlaCheckAsync([TimerTrigger(TimerCatalog.SlaCheckSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.SlaCheck, cancellationToken);

    [Function(TimerCatalog.Polls)]
    public Task PollsAsync([TimerTrigger(TimerCatalog.PollsSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.Polls, cancellationToken);

    [Function(TimerCatalog.Notices)]
    public Task NoticesAsync([TimerTrigger(TimerCatalog.NoticesSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(TimerCatalog.Notices, cancellationToken);
}
