namespace UnionWeChat.Functions.Polls;

/// <summary>
/// A poll as staff defined it and as the timer moved it along. <see cref="Salt"/> keys the ballot rows and receipt
/// codes of this poll; it never leaves the server.
/// </summary>
public sealed record Poll
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<string> Options { get; init; }
    /// <summary>1 for a single-choice poll; otherwise the most options one ballot may mark.</summary>
    public int MaxChoices { get; init; } = 1;
    public required PollAudience Audience { get; init; }
    public required DateTimeOffset OpensAt { get; init; }
    public required DateTimeOffset ClosesAt { get; init; }
    public AnnouncementChannel Channel { get; init; }
    public bool AnnounceResults { get; init; }
    public ResultsVisibility Visibility { get; init; }
    public PollStatus Status { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? ChangedBy { get; init; }
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    /// <summary>Followers in the audience when it opened, for turnout.</summary>
    public int? AudienceSize { get; init; }
    public string? CloseRequestedBy { get; init; }
    public DateTimeOffset? CloseRequestedAt { get; init; }
    public string? ClosedEarlyBy { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Closed, and its results announcement is still to go out (set at close, cleared once sent or failed).</summary>
    public bool ResultsPending { get; init; }
    /// <summary>Ballot partitions (fixed at creation, so a configuration change never moves ballots).</summary>
    public int Partitions { get; init; } = 16;
    public required string Salt { get; init; }
    public string? ETag { get; init; }

    public bool MultipleChoice => MaxChoices > 1;

    /// <summary>Ballots are taken when approved, not withdrawn or closed, and inside [OpensAt, ClosesAt).</summary>
    public bool AcceptsBallotsAt(DateTimeOffset now) =>
        Status is PollStatus.Scheduled or PollStatus.Open && now >= OpensAt && now < ClosesAt;

    public bool HasEndedAt(DateTimeOffset now) => Status == PollStatus.Closed || (Status is PollStatus.Scheduled or PollStatus.Open && now >= ClosesAt);

    /// <summary>Whether voters may see the counts now.</summary>
    public bool ResultsVisibleAt(DateTimeOffset now) => Visibility switch
    {
        ResultsVisibility.Live => Status is PollStatus.Scheduled or PollStatus.Open or PollStatus.Closed && now >= OpensAt,
        ResultsVisibility.AfterClose => HasEndedAt(now),
        _ => false,
    };
}
