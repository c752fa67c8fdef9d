using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Timer job (every 15 minutes): finds open cases that are late for their first response or resolution, or new
/// and untaken for too long; records each breach once (<see cref="BreachLedger"/>), notes it in the case history
/// and notifies staff. Safe to run twice or on two instances at once: only the instance that claims a breach
/// acts on it.
/// </summary>
public sealed partial class SlaJob(
    CaseStore cases, SlaClock clock, SlaOptions options, BreachLedger ledger, StaffNotifier notifier, TimeProvider time,
    ILogger<SlaJob> logger) : ITimerJob
{
    public const string Actor = "SLA";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = ChinaTime.Date(now);
        var open = TableFilter.Create($"Status ne {nameof(CaseStatus.Resolved)} and Status ne {nameof(CaseStatus.Closed)}");
        int looked = 0, breached = 0;
        foreach (var month in CaseSearch.Months(today.AddMonths(1 - options.LookBackMonths), today))
        {
            await foreach (var c in cases.ListMonthAsync(month, open, cancellationToken))
            {
                looked++;
                foreach (var breach in clock.Breaches(c, now))
                {
                    var due = breach switch
                    {
                        SlaBreachKind.FirstResponse => clock.FirstResponseDue(c),
                        SlaBreachKind.Resolution => clock.ResolutionDue(c),
                        _ => c.CreatedAt + options.EscalateUnassignedAfter,
                    };
                    if (!await ledger.ClaimAsync(c, breach, due, now, cancellationToken))
                    {
                        continue;
                    }
                    breached++;
                    var action = breach == SlaBreachKind.Unassigned ? "escalated" : "sla-breach";
                    await cases.AppendAsync(c.Number, new CaseEvent(now, Actor, action, SlaClock.Label(breach), VisibleToWorker: false), cancellationToken);
                    var outcome = await notifier.NotifyAsync(c, breach, due, cancellationToken);
                    await ledger.RecordNotifiedAsync(c.Number, breach, outcome, cancellationToken);
                }
            }
        }
        LogChecked(looked, breached);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA check: {Open} open cases, {Breached} new breaches")]
    private partial void LogChecked(int open, int breached);
}
