using System.Text.Json;

namespace UnionWeChat.Functions.Notices;

/// <summary>A notice as the staff API shows it; <see cref="Progress"/> only on a single notice.</summary>
public sealed record NoticeView(
    string Id,
    string Title,
    string Body,
    NoticeArticle? Article,
    string Channel,
    AudienceView Audience,
    NoticeTemplate? Template,
    IReadOnlyDictionary<string, string>? TemplatePreview,
    bool Essential,
    DateTimeOffset SendAt,
    string Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? LastStop,
    string? RefusalCode,
    NoticePreflight? Preflight,
    IReadOnlyList<string> Warnings,
    NoticeProgress? Progress)
{
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static NoticeView Of(Notice n, NoticeOptions options, NoticeProgress? progress = null) => new(
        n.Id, n.Title, n.Body, n.Article, Name(n.Channel),
        new AudienceView(Name(n.Audience.Kind), n.Audience.Tags, n.Audience.OpenIds.Count, n.Audience.PollId),
        n.Template, n.Template is { } t ? NoticeContent.TemplateFields(t, n) : null, n.Essential, n.SendAt, Name(n.Status), n.CreatedBy, n.CreatedAt, n.ApprovedBy, n.ApprovedAt,
        n.StartedAt, n.CompletedAt, n.LastStop, n.RefusalCode, n.Preflight, WarningsFor(n, options), progress);

    /// <summary>What staff should know before the notice goes out.</summary>
    public static IReadOnlyList<string> WarningsFor(Notice n, NoticeOptions options)
    {
        var warnings = new List<string>();
        if (n.NeedsApproval && n.Status == NoticeStatus.AwaitingApproval)
        {
            warnings.Add("面向全体关注者的通知需要另一位管理员审批后才会发送");
        }
        if (n.Preflight is not { } p)
        {
            if (n.StartedAt is null)
            {
                warnings.Add("接收人数尚在统计中，请稍后刷新查看");
            }
            return warnings;
        }
        if (p.OverMassBudget > 0)
        {
            warnings.Add($"{p.OverMassBudget} 名成员本月已收到 {options.MassMonthlyPerMember} 次群发，达到微信每月上限，本通知不会发给他们");
        }
        if (p.OptedOut > 0)
        {
            warnings.Add(n.Essential
                ? $"{p.OptedOut} 名成员已退订通知，但本通知为重要通知，仍会发给他们"
                : $"{p.OptedOut} 名成员已退订通知，不会收到本通知");
        }
        if (p.OutsideServiceWindow > 0)
        {
            warnings.Add($"{p.OutsideServiceWindow} 名成员不在 48 小时客服消息窗口内，客服消息无法送达，可改用模板消息");
        }
        return warnings;
    }
}

/// <summary>The audience without its openids (a count is enough on screen).</summary>
public sealed record AudienceView(string Kind, IReadOnlyList<string> Tags, int OpenIdCount, string? PollId);
