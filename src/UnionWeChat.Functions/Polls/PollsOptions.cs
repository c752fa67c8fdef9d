using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>Section <c>Polls</c>. Every setting has a default; none is required.</summary>
public sealed class PollsOptions : IValidatedOptions
{
    /// <summary>
    /// Ballot partitions of a new poll (default 16, 1 to 64). A partition takes about 2,000 writes/s on the real
    /// service; 16 spread a burst well past what 100,000 members produce.
    /// </summary>
    public int BallotPartitions { get; set; } = 16;

    /// <summary>
    /// How long a tally is reused before the ballots are counted again (default 3 s, 0 to 1 min). A count reads every
    /// ballot row of the poll (about one page per 1,000 ballots), at most once per this time on each instance.
    /// </summary>
    public TimeSpan TallyCacheFor { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a poll definition is reused on the voting paths (default 2 s, 0 to 1 min).</summary>
    public TimeSpan PollCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The public https address of the app (e.g. https://union.example.cn), for vote links in announcements and the
    /// OAuth redirect. Unset: links are left out of announcements and the page uses the address it was called on.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Template id for the template-message channel (its fields: first, keyword1, keyword2, remark).</summary>
    public string? TemplateId { get; set; }

    /// <summary>Results are announced this long after the close, so ballots already in flight are counted (default 30 s).</summary>
    public TimeSpan ResultsGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Vote page requests per source address per minute on one instance (default 600: shared Wi-Fi must not be locked out).</summary>
    public int PageRequestsPerAddressPerMinute { get; set; } = 600;

    /// <summary>Ballot submissions per member per minute on one instance (default 6).</summary>
    public int SubmissionsPerMemberPerMinute { get; set; } = 6;

    /// <summary>The window anomaly signals count ballots in (default 10 min).</summary>
    public TimeSpan SignalWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often an instance writes the vote signals it counted in memory (default 15 s, 1 s to 10 min): signals are
    /// kept off the ballot's path, so a page ballot costs one storage write.
    /// </summary>
    public TimeSpan SignalFlushEvery { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Page ballots from one address within <see cref="SignalWindow"/> that make a signal for staff (default 20).</summary>
    public int SignalThreshold { get; set; } = 20;

    /// <summary>How long the vote page remembers who the member is after the OAuth exchange (default 2 h).</summary>
    public TimeSpan VoterCookieLifetime { get; set; } = TimeSpan.FromHours(2);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (BallotPartitions is < 1 or > 64)
        {
            yield return new ConfigProblem("Polls__BallotPartitions", "must be between 1 and 64");
        }
        if (TallyCacheFor < TimeSpan.Zero || TallyCacheFor > TimeSpan.FromMinutes(1))
        {
            yield return new ConfigProblem("Polls__TallyCacheFor", "must be between 00:00:00 and 00:01:00");
        }
        if (PollCacheFor < TimeSpan.Zero || PollCacheFor > TimeSpan.FromMinutes(1))
        {
            yield return new ConfigProblem("Polls__PollCacheFor", "must be between 00:00:00 and 00:01:00");
        }
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http")))
        {
            yield return new ConfigProblem("Polls__PublicBaseUrl", "must be an absolute http(s) URL");
        }
        if (ResultsGrace < TimeSpan.Zero || ResultsGrace > TimeSpan.FromMinutes(10))
        {
            yield return new ConfigProblem("Polls__ResultsGrace", "must be between 00:00:00 and 00:10:00");
        }
        if (PageRequestsPerAddressPerMinute < 1)
        {
            yield return new ConfigProblem("Polls__PageRequestsPerAddressPerMinute", "must be at least 1");
        }
        if (SubmissionsPerMemberPerMinute < 1)
        {
            yield return new ConfigProblem("Polls__SubmissionsPerMemberPerMinute", "must be at least 1");
        }
        if (SignalWindow < TimeSpan.FromMinutes(1) || SignalWindow > TimeSpan.FromDays(1))
        {
            yield return new ConfigProblem("Polls__SignalWindow", "must be between 00:01:00 and 1.00:00:00");
        }
        if (SignalFlushEvery < TimeSpan.FromSeconds(1) || SignalFlushEvery > TimeSpan.FromMinutes(10))
        {
            yield return new ConfigProblem("Polls__SignalFlushEvery", "must be between 00:00:01 and 00:10:00");
        }
        if (SignalThreshold < 2)
        {
            yield return new ConfigProblem("Polls__SignalThreshold", "must be at least 2");
        }
        if (VoterCookieLifetime < TimeSpan.FromMinutes(5) || VoterCookieLifetime > TimeSpan.FromDays(7))
        {
            yield return new ConfigProblem("Polls__VoterCookieLifetime", "must be between 00:05:00 and 7.00:00:00");
        }
    }
}
