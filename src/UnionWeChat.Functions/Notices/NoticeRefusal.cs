namespace UnionWeChat.Functions.Notices;

/// <summary>Why a notice will never be sent: a stable <see cref="Code"/> for programs and a reason staff can read.</summary>
public sealed record NoticeRefusal(string Code, string Reason)
{
    public const string AudienceEmptyCode = "audience-empty";

    /// <summary>Nobody to send to: refused rather than reported "completed" for 0 recipients.</summary>
    public static NoticeRefusal AudienceEmpty { get; } =
        new(AudienceEmptyCode, "通知对象中没有可接收的关注者（标签、名单或投票范围内无人），通知不会发送；请核对通知对象后重新创建");

    /// <summary>The notice refused: status <see cref="NoticeStatus.Refused"/>, with this reason.</summary>
    public Notice Apply(Notice notice, DateTimeOffset now) =>
        notice with { Status = NoticeStatus.Refused, Refusal = this, ChangedBy = "sender", ChangedAt = now };
}
