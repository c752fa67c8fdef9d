using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// A poll's opening and results announcements, as notices: published under ids fixed by the poll and the kind
/// (<c>poll_{id}_open</c>, <c>poll_{id}_results</c>), addressed to the poll's audience, already approved with the
/// poll. The notice timer then sends them with every Notices safeguard (quotas, send rate, 退订, the monthly mass
/// limit, a lost answer left unconfirmed), and publishing twice leaves the first notice standing.
/// </summary>
public sealed class PollAnnouncements(NoticePublisher publisher, NoticeStore notices, PollsOptions options)
{
    public const string OpeningKind = "open";
    public const string ResultsKind = "results";

    public static string NoticeIdFor(string pollId, string kind) => NoticeKeys.DerivedId("poll", pollId, kind);

    /// <summary>The vote page link for announcements, when the public address is configured.</summary>
    public string? LinkFor(Poll poll) =>
        string.IsNullOrEmpty(options.PublicBaseUrl) ? null : options.PublicBaseUrl.TrimEnd('/') + "/api/vote/" + poll.Id;

    public Task<Notice?> OpeningAsync(Poll poll, CancellationToken ct) =>
        PublishAsync(poll, OpeningKind, PollTexts.Opening(poll, LinkFor(poll)), Fields(poll, poll.ClosesAt, PollTexts.OpeningNote), ct);

    public Task<Notice?> ResultsAsync(Poll poll, PollTally tally, CancellationToken ct) =>
        PublishAsync(poll, ResultsKind, PollTexts.Results(poll, tally), Fields(poll, poll.ClosedAt ?? poll.ClosesAt, PollTexts.ResultsNote), ct);

    // The template's keyword fields as WeChat shows them (no first or remark since May 2023): the poll (thing1),
    // its closing time (time2) and what to do (thing3), each one line within its limit.
    private static Dictionary<string, string> Fields(Poll poll, DateTimeOffset closes, string note) => new()
    {
        ["thing1"] = TemplateKeywords.Fit("thing1", poll.Title),
        ["time2"] = TemplateKeywords.Fit("time2", ChinaTime.Minute(closes)),
        ["thing3"] = TemplateKeywords.Fit("thing3", note),
    };

    /// <summary>The poll's announcement notices that exist, opening first.</summary>
    public async Task<IReadOnlyList<(string Kind, Notice Notice)>> ListAsync(Poll poll, CancellationToken ct)
    {
        var found = new List<(string, Notice)>();
        foreach (var kind in new[] { OpeningKind, ResultsKind })
        {
            if (await notices.GetAsync(NoticeIdFor(poll.Id, kind), ct) is { } notice)
            {
                found.Add((kind, notice));
            }
        }
        return found;
    }

    private async Task<Notice?> PublishAsync(Poll poll, string kind, string text, Dictionary<string, string> data, CancellationToken ct)
    {
        var channel = poll.Channel switch
        {
            AnnouncementChannel.Mass => NoticeChannel.Mass,
            AnnouncementChannel.Template => NoticeChannel.Template,
            _ => (NoticeChannel?)null,
        };
        if (channel is null)
        {
            return null;
        }
        // The first line is the heading (【投票】…): a notice's text is its title, then its body.
        var split = text.IndexOf('\n', StringComparison.Ordinal);
        var notice = new Notice
        {
            Id = NoticeIdFor(poll.Id, kind),
            Title = split < 0 ? text : text[..split],
            Body = split < 0 ? "" : text[(split + 1)..],
            Audience = NoticeAudience.OfPoll(poll.Id),
            Channel = channel.Value,
            Template = channel == NoticeChannel.Template
                ? new NoticeTemplate(options.TemplateId ?? throw new InvalidOperationException("Polls__TemplateId is not configured."), data, LinkFor(poll))
                : null,
            CreatedBy = poll.CreatedBy,
        };
        // Approved by whoever approved the poll (its opening and announcements); a poll needing no approval, by its creator.
        return await publisher.PublishApprovedAsync(notice, poll.ApprovedBy ?? poll.CreatedBy, ct);
    }
}
