namespace UnionWeChat.Functions.Cases;

public enum CaseKind
{
    /// <summary>维权投诉: a rights complaint against an employer.</summary>
    Complaint,
    /// <summary>求助: an aid request (困难帮扶, 医疗救助, 金秋助学, 法律援助, 就业服务).</summary>
    Aid,
}

public enum CaseStatus
{
    New,
    Triaged,
    InProgress,
    WaitingWorker,
    Resolved,
    Closed,
}

/// <summary>分级办理: the SLA tier a case is handled under.</summary>
public enum SlaTier
{
    /// <summary>一般</summary>
    General,
    /// <summary>难点</summary>
    Difficult,
    /// <summary>特别复杂</summary>
    Complex,
}

public enum CasePriority
{
    Normal,
    High,
    Urgent,
}

/// <summary>
/// A complaint or aid request. <see cref="OpenId"/> is kept so the worker can follow the case and get replies,
/// but staff never see it (nor <see cref="Phone"/>) when <see cref="Anonymous"/> is set.
/// </summary>
public sealed record Case
{
    public required string Number { get; init; }
    public required CaseKind Kind { get; init; }
    public required string Category { get; init; }
    public CaseStatus Status { get; init; } = CaseStatus.New;
    public CasePriority Priority { get; init; } = CasePriority.Normal;
    public SlaTier Tier { get; init; } = SlaTier.General;
    public string? Assignee { get; init; }
    public string? Team { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>A pseudonym of the worker's openid: one worker's cases are one partition under it.</summary>
    public required string WorkerRef { get; init; }
    public required string OpenId { get; init; }
    public bool Anonymous { get; init; }
    public string? Employer { get; init; }
    public required string Description { get; init; }
    public string? Phone { get; init; }
    public IReadOnlyList<string> Evidence { get; init; } = [];
    /// <summary>The evidence files kept so far, by item index; an item WeChat no longer had never appears.</summary>
    public IReadOnlyList<EvidenceFile> EvidenceFiles { get; init; } = [];
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int? Rating { get; init; }
    public string? RatingComment { get; init; }
    public string? MergedInto { get; init; }
    /// <summary>The storage ETag the case was read with; updates must present it.</summary>
    public string? ETag { get; init; }
}

/// <summary>One line of a case's history: who did what, when. Worker-visible lines show in 查询.</summary>
public sealed record CaseEvent(
    DateTimeOffset At,
    string Actor,
    string Action,
    string Detail,
    bool VisibleToWorker);

/// <summary>
/// One evidence file as kept in Blob Storage: what it is, how big, and its SHA-256, so a labour arbitration can check
/// that the file shown is the file the worker sent.
/// </summary>
/// <param name="Index">The item's position in <see cref="Case.Evidence"/>.</param>
/// <param name="Blob">The blob's name in the evidence container (<c>{case number}/{index}.{ext}</c>).</param>
public sealed record EvidenceFile(int Index, string Blob, string ContentType, long Length, string Sha256, DateTimeOffset KeptAt);
