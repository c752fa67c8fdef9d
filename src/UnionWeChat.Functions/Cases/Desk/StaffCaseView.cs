
namespace UnionWeChat.Functions.Cases;

/// <summary>
/// A case as staff see it: in the API, the console and the export. The only place that decides what staff may
/// see of the worker: never the openid, and for anonymous cases neither the worker reference nor the phone.
/// </summary>
public sealed record StaffCaseView(
    string Number,
    CaseKind Kind,
    string Category,
    CaseStatus Status,
    CasePriority Priority,
    SlaTier Tier,
    string? Assignee,
    string? Team,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Anonymous,
    string? WorkerRef,
    string? Phone,
    string? Employer,
    string Description,
    IReadOnlyList<string> Evidence,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int? Rating,
    string? RatingComment,
    string? MergedInto,
    DateTimeOffset FirstResponseDue,
    DateTimeOffset ResolutionDue,
    IReadOnlyList<SlaBreachKind> Overdue,
    IReadOnlyList<StaffEvidence> EvidenceFiles)
{
    public static StaffCaseView Of(Case c, SlaClock clock, DateTimeOffset now) => new(
        c.Number, c.Kind, c.Category, c.Status, c.Priority, c.Tier, c.Assignee, c.Team, c.CreatedAt, c.UpdatedAt,
        c.Anonymous,
        c.Anonymous ? null : c.WorkerRef,
        c.Anonymous ? null : c.Phone,
        c.Employer, c.Description, c.Evidence, c.FirstResponseAt, c.ResolvedAt, c.ClosedAt, c.Rating, c.RatingComment,
        c.MergedInto, clock.FirstResponseDue(c), clock.ResolutionDue(c), clock.Breaches(c, now),
        c.EvidenceFiles.OrderBy(f => f.Index).Select(StaffEvidence.Of).ToList());
}

/// <summary>
/// A kept evidence file as staff see it: its id in the evidence routes (the 1-based item number the worker was told),
/// what it is and its SHA-256; never the blob's name.
/// </summary>
public sealed record StaffEvidence(string Id, string ContentType, long Length, string Sha256, DateTimeOffset KeptAt)
{
    public static StaffEvidence Of(EvidenceFile f) => new(EvidenceViewer.IdOf(f), f.ContentType, f.Length, f.Sha256, f.KeptAt);
}

/// <summary>One history line as staff see it; lines the worker wrote are attributed to "职工", never to an id.</summary>
public sealed record StaffCaseEvent(DateTimeOffset At, string Actor, string Action, string Detail, bool VisibleToWorker)
{
    public const string WorkerActor = "职工";

    public static StaffCaseEvent Of(CaseEvent e, Case c) => new(
        e.At,
        e.Actor == c.OpenId || e.Actor == c.WorkerRef ? WorkerActor : e.Actor,
        e.Action,
        c.Anonymous ? Redact(e.Detail, c) : e.Detail,
        e.VisibleToWorker);

    // Belt and braces: intake code should never write the worker's id or phone into history text.
    private static string Redact(string detail, Case c)
    {
        var redacted = detail.Replace(c.OpenId, "（匿名）", StringComparison.Ordinal).Replace(c.WorkerRef, "（匿名）", StringComparison.Ordinal);
        return c.Phone is { Length: > 0 } phone ? redacted.Replace(phone, "（匿名）", StringComparison.Ordinal) : redacted;
    }
}

/// <summary>A case with its history and the statuses it may move to next.</summary>
public sealed record StaffCaseDetail(
    StaffCaseView Case,
    IReadOnlyList<StaffCaseEvent> History,
    IReadOnlyList<CaseStatus> NextStatuses);
