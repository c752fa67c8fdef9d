namespace UnionWeChat.Functions.Notices;

/// <summary>
/// How another feature sends through Notices: it publishes a notice under a fixed id (<see cref="NoticeKeys.DerivedId"/>)
/// that its own approval already covers, and the notice timer delivers it with every safeguard a staff notice has
/// (quotas, send rate, 退订, monthly mass limit, lost answers left unconfirmed). Publishing again is harmless: the
/// first notice stored under the id stands, so overlapping runs make one notice and one delivery per member.
/// </summary>
public sealed partial class NoticePublisher(NoticeStore notices, NoticeOptions options, TimeProvider time, ILogger<NoticePublisher> logger)
{
    /// <summary>The notice stored under <paramref name="notice"/>'s id: this one, approved by <paramref name="approvedBy"/>, or the one already there.</summary>
    public async Task<Notice> PublishApprovedAsync(Notice notice, string approvedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var approved = notice with
        {
            Status = NoticeStatus.Scheduled,
            SendAt = notice.SendAt == default ? now : notice.SendAt,
            CreatedAt = now,
            ApprovedBy = approvedBy,
            ApprovedAt = now,
            Buckets = options.Buckets,
        };
        var stored = await notices.CreateIfAbsentAsync(approved, ct);
        if (stored.Changed)
        {
            LogPublished(notice.Id);
        }
        return stored.Notice ?? throw new InvalidOperationException($"Notice {notice.Id} vanished while it was published.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {NoticeId} published, approved with what it announces")]
    private partial void LogPublished(string noticeId);
}
