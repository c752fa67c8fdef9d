namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A notice staff push to an audience. The recipients and their outcomes live in the outbox
/// (<see cref="OutboxStore"/>); this record holds what to send, to whom, when, and where it stands.
/// </summary>
public sealed record Notice
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public NoticeArticle? Article { get; init; }
    public required NoticeAudience Audience { get; init; }
    public NoticeChannel Channel { get; init; }
    public NoticeTemplate? Template { get; init; }
    /// <summary>Essential notices (a rights case, a safety warning) also reach members who replied 退订.</summary>
    public bool Essential { get; init; }
    public DateTimeOffset SendAt { get; init; }
    public NoticeStatus Status { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    /// <summary>Who last paused, resumed or cancelled it, and when.</summary>
    public string? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>Outbox partitions the recipients are spread over; fixed when the notice is created.</summary>
    public int Buckets { get; init; }
    public NoticePreflight? Preflight { get; init; }
    /// <summary>When the audience was written to the outbox (once, as sending starts).</summary>
    public DateTimeOffset? ExpandedAt { get; init; }
    /// <summary>An instance writing the audience holds this lease so others do not repeat the work.</summary>
    public DateTimeOffset? ExpansionLeaseUntil { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>Why the last run stopped before finishing (daily quota, template rejected…), for staff.</summary>
    public string? LastStop { get; init; }
    /// <summary>Why a <see cref="NoticeStatus.Refused"/> notice was refused, as a code (<c>audience-empty</c>).</summary>
    public string? RefusalCode { get; init; }
    /// <summary>Recipients per second the last run achieved, for the estimate of completion.</summary>
    public double? LastRunRate { get; init; }
    public string? ETag { get; init; }

    public bool NeedsApproval => Audience.Kind == AudienceKind.All;
}
