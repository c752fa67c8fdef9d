namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Notices the sender refuses rather than "completes": a notice that reaches nobody must say so to staff, not report
/// success with 0 recipients.
/// </summary>
public static class NoticeRefusal
{
    public const string AudienceEmpty = "audience-empty";

    /// <summary>
    /// The notice refused when its tag audience resolved to nobody at WeChat; null when it has recipients or is not
    /// addressed by tag (other audiences are another rule's business).
    /// </summary>
    public static Notice? WhenEmpty(Notice n, int recipients, DateTimeOffset now) =>
        n.Audience.Kind == AudienceKind.Tags && recipients == 0 && n.Status is NoticeStatus.AwaitingApproval or NoticeStatus.Scheduled or NoticeStatus.Sending
            ? n with
            {
                Status = NoticeStatus.Refused,
                RefusalCode = AudienceEmpty,
                LastStop = $"标签“{string.Join("、", n.Audience.Tags)}”下没有关注者，通知未发送（audience-empty: the WeChat tag has no followers）",
                ChangedBy = "sender",
                ChangedAt = now,
                ExpansionLeaseUntil = null,
            }
            : null;
}
