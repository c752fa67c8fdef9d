namespace UnionWeChat.Functions.Notices;

/// <summary>The words staff read for a notice's status, channel and audience (the API keeps its kebab-case names).</summary>
public static class NoticeLabels
{
    public static string Of(NoticeStatus status) => status switch
    {
        NoticeStatus.AwaitingApproval => "待审批",
        NoticeStatus.Scheduled => "待发送",
        NoticeStatus.Sending => "发送中",
        NoticeStatus.Paused => "已暂停",
        NoticeStatus.Completed => "发送完成",
        NoticeStatus.Cancelled => "已取消",
        _ => "未发送（已拒绝）",
    };

    public static string Of(NoticeChannel channel) => channel switch
    {
        NoticeChannel.Template => "模板消息",
        NoticeChannel.Custom => "客服消息",
        _ => "群发",
    };

    public static string Of(AudienceKind kind) => kind switch
    {
        AudienceKind.All => "全部关注者",
        AudienceKind.Registered => "已入会会员",
        AudienceKind.Tags => "标签",
        AudienceKind.OpenIds => "指定 openid 列表",
        _ => "某个投票的受众",
    };

    /// <summary>The audience in one line: the kind, and the tags, the list's size or the poll.</summary>
    public static string Of(NoticeAudience audience) => audience.Kind switch
    {
        AudienceKind.Tags => $"标签：{string.Join("、", audience.Tags)}",
        AudienceKind.OpenIds => $"指定名单 {audience.OpenIds.Count} 人",
        AudienceKind.Poll => $"投票 {audience.PollId} 的受众",
        _ => Of(audience.Kind),
    };
}
