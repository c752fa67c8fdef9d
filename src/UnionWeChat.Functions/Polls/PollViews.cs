using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// A poll as the staff API shows it. Never carries the salt or anything about single ballots. Its status is spelt as
/// a notice's is (<c>awaiting-approval</c>), so a script reads both the same way. Every time is in China time (+08:00)
/// whatever the poll was read from (storage gives UTC), so a create and an approve answer alike.
/// </summary>
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
    public static PollView Of(Poll p, IReadOnlyList<AnnouncementView> announcements) => new(
        p.Id, p.Title, p.Description, p.Options, p.MaxChoices, Camel(p.Audience.Kind.ToString()), p.Audience.Tags,
        China(p.OpensAt), China(p.ClosesAt), Camel(p.Channel.ToString()), p.AnnounceResults, Camel(p.Visibility.ToString()), NoticeView.Name(p.Status),
        p.CreatedBy, China(p.CreatedAt), p.ChangedBy, p.ApprovedBy, China(p.ApprovedAt), China(p.OpenedAt), p.AudienceSize,
        p.CloseRequestedBy, China(p.CloseRequestedAt), p.ClosedEarlyBy, China(p.ClosedAt), p.Audience.NeedsApproval,
        "/api/vote/" + p.Id,
        announcements);

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The same instant at +08:00, the one offset the polls API answers in.</summary>
    public static DateTimeOffset China(DateTimeOffset at) => ChinaTime.Of(at);

    public static DateTimeOffset? China(DateTimeOffset? at) => at is { } value ? ChinaTime.Of(value) : null;
}

/// <summary>
/// An announcement as the notice it is (<see cref="NoticeId"/> opens it in the notices API): the notice's status
/// (scheduled, sending, completed, refused…), its counted audience, and why it stopped or was refused.
/// </summary>
public sealed record AnnouncementView(
    string Kind, string NoticeId, string Status, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, int? Recipients, string? Detail, string? RefusalCode)
{
    public static AnnouncementView Of(string kind, Notice n) => new(
        kind, n.Id, NoticeView.Name(n.Status), PollView.China(n.StartedAt), PollView.China(n.CompletedAt), n.Preflight?.Recipients, n.Refusal?.Reason ?? n.LastStop, n.Refusal?.Code);
}

/// <summary>Counts per option for staff (JSON), with each option's share of voters.</summary>
public sealed record ResultsView(
    string PollId, string Title, string Status, IReadOnlyList<OptionResult> Options, long Voters, int? AudienceSize, double? Turnout,
    DateTimeOffset CountedAt)
{
    public static ResultsView Of(Poll poll, PollTally tally) => new(
        poll.Id, poll.Title, NoticeView.Name(poll.Status),
        poll.Options.Select((text, i) => new OptionResult(i + 1, text, tally.Counts[i], tally.Voters == 0 ? 0 : (double)tally.Counts[i] / tally.Voters)).ToList(),
        tally.Voters, tally.AudienceSize, tally.Turnout, PollView.China(tally.CountedAt));
}

public sealed record OptionResult(int Number, string Text, long Votes, double Share);
