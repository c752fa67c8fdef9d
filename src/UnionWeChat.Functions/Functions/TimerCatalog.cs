using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Staff.Sla;

namespace UnionWeChat.Functions.Functions;

/// <summary>
/// Every timer of the app, declared once: its function name, its schedule and its job. Names and schedules are
/// constants because the <c>[Function]</c> and <c>[TimerTrigger]</c> attributes of <see cref="TimerFunctions"/> take
/// them; the standalone <see cref="TimerScheduler"/> fires the same entries. Schedules are six-field NCRONTAB (with
/// seconds), in UTC: Flex Consumption supports no time zone setting.
/// </summary>
public sealed class TimerCatalog
{
    public const string Evidence = "evidence";
    public const string EvidenceSchedule = "0 */10 * * * *";
    // Moves evidence kept as table rows by earlier versions into Blob Storage; one empty query a run once done.
    public const string EvidenceMigration = "evidence-migration";
    public const string EvidenceMigrationSchedule = "0 40 * * * *";
    public const string PushLedgerCleanup = "push-ledger-cleanup";
    public const string PushLedgerCleanupSchedule = "0 17 * * * *";
    public const string SlaCheck = "sla-check";
    public const string SlaCheckSchedule = "0 */15 * * * *";
    public const string Polls = "polls";
    public const string PollsSchedule = "0 * * * * *";
    public const string Notices = "notices";
    public const string NoticesSchedule = "0 * * * * *";

    public TimerCatalog(IEnumerable<TimerJob> jobs)
    {
        Jobs = jobs.ToArray();
        if (Jobs.GroupBy(j => j.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"Timer '{twice.Key}' is declared twice.");
        }
    }

    public IReadOnlyList<TimerJob> Jobs { get; }

    public TimerJob this[string name] =>
        Jobs.FirstOrDefault(j => j.Name == name) ?? throw new KeyNotFoundException($"No timer named '{name}'.");

    /// <summary>The app's timers. A new one goes here and gets a method in <see cref="TimerFunctions"/>.</summary>
    public static TimerCatalog Default { get; } = new(
    [
        new TimerJob(Evidence, EvidenceSchedule, typeof(EvidenceKeeper)),
        new TimerJob(EvidenceMigration, EvidenceMigrationSchedule, typeof(Cases.EvidenceMigration)),
        new TimerJob(PushLedgerCleanup, PushLedgerCleanupSchedule, typeof(PushLedgerCleanup)),
        new TimerJob(SlaCheck, SlaCheckSchedule, typeof(SlaJob)),
        new TimerJob(Polls, PollsSchedule, typeof(PollScheduler)),
        new TimerJob(Notices, NoticesSchedule, typeof(NoticeSender)),
    ]);
}

/// <summary>One timer: <paramref name="Job"/> is an <see cref="ITimerJob"/> resolved from a fresh scope each time.</summary>
public sealed record TimerJob(string Name, string Schedule, Type Job);
