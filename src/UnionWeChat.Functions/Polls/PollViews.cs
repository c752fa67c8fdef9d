namespace UnionWeChat.Functions.Polls;

/// <summary>A poll as the staff API shows it. Never carries the salt or anything about single ballots.</summary>
public sealed record PollView(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Options,
    int MaxChoices,
    string Audience,
    IReadOnlyList<string> Tags,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    string Channel,
    bool AnnounceResults,
    string Visibility,
    string Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ChangedBy,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? OpenedAt,
    int? AudienceSize,
    string? CloseRequestedBy,
    DateTimeOffset? CloseRequestedAt,
    string? ClosedEarlyBy,
    DateTimeOffset? ClosedAt,
    bool NeedsApproval,
    string VotePath,
    IReadOnlyList<AnnouncementView> Announcements)
{
    public static PollView Of(Poll p, IReadOnlyList<AnnouncementRecord> announcements) => new(
        p.Id, p.Title, p.Description, p.Options, p.MaxChoices, Camel(p.Audience.Kind.ToString()), p.Audience.Tags,
        p.OpensAt, p.ClosesAt, Camel(p.Channel.ToString()), p.AnnounceResults, Camel(p.Visibility.ToString()), Camel(p.Status.ToString()),
        p.CreatedBy, p.CreatedAt, p.ChangedBy, p.ApprovedBy, p.ApprovedAt, p.OpenedAt, p.AudienceSize,
        p.CloseRequestedBy, p.CloseRequestedAt, p.ClosedEarlyBy, p.ClosedAt, p.Audience.NeedsApproval,
        "/api/vote/" + p.Id,
        announcements.Select(a => new AnnouncementView(a.Kind, Camel(a.State.ToString()), a.ClaimedAt, a.FinishedAt, a.Recipients, a.Detail, a.Attempts)).ToList());

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>How an announcement went: state sending, sent or failed; detail names WeChat's job or error.</summary>
public sealed record AnnouncementView(
    string Kind, string State, DateTimeOffset? ClaimedAt, DateTimeOffset? FinishedAt, int? Recipients, string? Detail, int Attempts);

/// <summary>Counts per option for staff (JSON), with each option's share of voters.</summary>
public sealed record ResultsView(
    string PollId, string Title, string Status, IReadOnlyList<OptionResult> Options, long Voters, int? AudienceSize, double? Turnout,
    DateTimeOffset CountedAt)
{
    public static ResultsView Of(Poll poll, PollTally tally) => new(
        poll.Id, poll.Title, PollView.Camel(poll.Status.ToString()),
        poll.Options.Select((text, i) => new OptionResult(i + 1, text, tally.Counts[i], tally.Voters == 0 ? 0 : (double)tally.Counts[i] / tally.Voters)).ToList(),
        tally.Voters, tally.AudienceSize, tally.Turnout, tally.CountedAt);
}

public sealed record OptionResult(int Number, string Text, long Votes, double Share);
