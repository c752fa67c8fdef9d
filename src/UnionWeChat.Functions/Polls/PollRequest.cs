using UnionWeChat.Functions.Notices;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// What staff send to create or change a poll (JSON, camelCase). Every field is checked by <see cref="Validate"/>;
/// a request with any problem changes nothing.
/// </summary>
public sealed record PollRequest
{
    public const int MaxTitle = 100;
    public const int MaxDescription = 1000;
    public const int MaxOptionText = 60;
    public const int MinOptions = 2;
    public const int MaxOptions = 30;
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(90);

    public string? Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string?>? Options { get; init; }
    /// <summary>1 (the default) for single choice; 2 or more for multiple choice up to that many.</summary>
    public int? MaxChoices { get; init; }
    /// <summary>all, tags or registered.</summary>
    public string? Audience { get; init; }
    public IReadOnlyList<string?>? Tags { get; init; }
    public DateTimeOffset? OpensAt { get; init; }
    public DateTimeOffset? ClosesAt { get; init; }
    /// <summary>mass, template or none (the default).</summary>
    public string? Channel { get; init; }
    public bool AnnounceResults { get; init; }
    /// <summary>live, afterClose (the default) or staffOnly.</summary>
    public string? Visibility { get; init; }

    /// <summary>Problems by field, in words staff can act on; empty when the request is good.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now, PollsOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) =>
            errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

        var title = Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            Add("title", "请填写标题。");
        }
        else if (title.Length > MaxTitle)
        {
            Add("title", $"标题最多 {MaxTitle} 个字。");
        }
        if ((Description?.Trim().Length ?? 0) > MaxDescription)
        {
            Add("description", $"说明最多 {MaxDescription} 个字。");
        }

        var texts = (Options ?? []).Select(o => o?.Trim() ?? "").ToList();
        if (texts.Count is < MinOptions or > MaxOptions)
        {
            Add("options", $"选项须有 {MinOptions} 到 {MaxOptions} 个，现在是 {texts.Count} 个。");
        }
        if (texts.Any(t => t.Length == 0))
        {
            Add("options", "选项不能为空。");
        }
        if (texts.Any(t => t.Length > MaxOptionText))
        {
            Add("options", $"每个选项最多 {MaxOptionText} 个字。");
        }
        if (texts.Where(t => t.Length > 0).GroupBy(t => t, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            Add("options", "选项不能重复。");
        }

        var max = MaxChoices ?? 1;
        if (max < 1 || (max > 1 && max > texts.Count))
        {
            Add("maxChoices", "最多可选项数须为 1（单选）或 2 到选项个数之间（多选）。");
        }

        var audience = ParseAudience(Audience);
        var tags = (Tags ?? []).Select(t => t?.Trim() ?? "").ToList();
        if (audience is null)
        {
            Add("audience", "投票对象须为 all（全部关注者）、tags（按标签）或 registered（已登记会员）。");
        }
        else if (audience == AudienceKind.Tags)
        {
            if (tags.Count is 0 or > 20 || tags.Any(t => t.Length is 0 or > 32 || t.Contains(',', StringComparison.Ordinal)))
            {
                Add("tags", "按标签投票时须给出 1 到 20 个标签，每个 1 到 32 个字，不含逗号。");
            }
        }
        else if (tags.Count > 0)
        {
            Add("tags", "只有 audience 为 tags 时才能给出标签。");
        }

        if (OpensAt is null)
        {
            Add("opensAt", "请填写开始时间（含时区，如 2026-12-01T09:00:00+08:00）。");
        }
        if (ClosesAt is null)
        {
            Add("closesAt", "请填写截止时间（含时区，如 2026-12-08T18:00:00+08:00）。");
        }
        if (OpensAt is { } opens && ClosesAt is { } closes)
        {
            if (closes <= opens)
            {
                Add("closesAt", "截止时间须晚于开始时间。");
            }
            else if (closes - opens > LongestWindow)
            {
                Add("closesAt", "投票最长 90 天。");
            }
            if (closes <= now)
            {
                Add("closesAt", "截止时间已过。");
            }
        }

        var channel = ParseChannel(Channel);
        if (channel is null)
        {
            Add("channel", "通知方式须为 mass（群发）、template（模板消息）或 none（不通知）。");
        }
        else if (channel == AnnouncementChannel.Template && string.IsNullOrWhiteSpace(options.TemplateId))
        {
            Add("channel", "未配置模板消息（Polls__TemplateId），不能用模板消息通知。");
        }

        var visibility = ParseVisibility(Visibility);
        if (visibility is null)
        {
            Add("visibility", "结果公开方式须为 live（实时）、afterClose（结束后）或 staffOnly（仅工作人员）。");
        }
        if (AnnounceResults && channel == AnnouncementChannel.None)
        {
            Add("announceResults", "不通知的投票不能推送结果。");
        }
        if (AnnounceResults && visibility == ResultsVisibility.StaffOnly)
        {
            Add("announceResults", "结果仅工作人员可见时不能推送结果。");
        }
        return errors;
    }

    /// <summary>The poll this (valid) request describes, keeping what staff cannot change from <paramref name="basis"/>.</summary>
    public Poll ToPoll(Poll basis) => basis with
    {
        Title = Title!.Trim(),
        Description = Description?.Trim() ?? "",
        Options = Options!.Select(o => o!.Trim()).ToArray(),
        MaxChoices = MaxChoices ?? 1,
        Audience = new PollAudience(ParseAudience(Audience)!.Value, (Tags ?? []).Select(t => t!.Trim()).Distinct(StringComparer.Ordinal).ToArray()),
        OpensAt = OpensAt!.Value,
        ClosesAt = ClosesAt!.Value,
        Channel = ParseChannel(Channel)!.Value,
        AnnounceResults = AnnounceResults,
        Visibility = ParseVisibility(Visibility)!.Value,
    };

    private static AudienceKind? ParseAudience(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "all" => AudienceKind.All,
        "tags" => AudienceKind.Tags,
        "registered" => AudienceKind.Registered,
        _ => null,
    };

    private static AnnouncementChannel? ParseChannel(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => AnnouncementChannel.None,
        "mass" => AnnouncementChannel.Mass,
        "template" => AnnouncementChannel.Template,
        _ => null,
    };

    private static ResultsVisibility? ParseVisibility(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "afterclose" => ResultsVisibility.AfterClose,
        "live" => ResultsVisibility.Live,
        "staffonly" => ResultsVisibility.StaffOnly,
        _ => null,
    };
}
