
namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The status changes staff may make, in one place. A closed case stays closed (a new complaint is a new case);
/// a resolved one may be reopened while the worker has not been asked to rate it yet.
/// </summary>
public static class CaseTransitions
{
    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.Triaged, CaseStatus.InProgress, CaseStatus.Closed],
        [CaseStatus.Triaged] = [CaseStatus.InProgress, CaseStatus.WaitingWorker, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.InProgress] = [CaseStatus.WaitingWorker, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.WaitingWorker] = [CaseStatus.InProgress, CaseStatus.Resolved, CaseStatus.Closed],
        [CaseStatus.Resolved] = [CaseStatus.InProgress, CaseStatus.Closed],
        [CaseStatus.Closed] = [],
    };

    public static IReadOnlyList<CaseStatus> From(CaseStatus status) => Allowed[status];

    public static bool IsAllowed(CaseStatus from, CaseStatus to) => Allowed[from].Contains(to);

    /// <summary>Open cases still count against the SLA and show in the queue.</summary>
    public static bool IsOpen(CaseStatus status) => status is not (CaseStatus.Resolved or CaseStatus.Closed);
}
