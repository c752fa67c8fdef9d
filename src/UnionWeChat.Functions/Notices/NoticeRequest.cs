using System.Text;
using System.Text.RegularExpressions;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Outbound;

namespace UnionWeChat.Functions.Notices;

/// <summary>The body of <c>POST /api/staff/notices</c>.</summary>
public sealed partial record NoticeRequest(
    string? Title,
    string? Body,
    NoticeArticle? Article,
    AudienceRequest? Audience,
    string? Channel,
    TemplateRequest? Template,
    DateTimeOffset? SendAt,
    bool Essential = false)
{
    public const int MaxExplicitOpenIds = 1000;

    /// <summary>Field → problems; empty when the request can become a notice.</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now, bool pollsAvailable)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];

        if (string.IsNullOrWhiteSpace(Title) || Title.Trim().Length > 64)
        {
            Add("title", "必填，最多 64 个字符");
        }
        if (Body is { Length: > 600 })
        {
            Add("body", "最多 600 个字符");
        }
        if (string.IsNullOrWhiteSpace(Body) && Article is null)
        {
            Add("body", "正文与图文链接至少填写一项");
        }
        if (Article is not null)
        {
            if (string.IsNullOrWhiteSpace(Article.Title) || Article.Title.Length > 64)
            {
                Add("article.title", "必填，最多 64 个字符");
            }
            if (Article.Description is { Length: > 120 })
            {
                Add("article.description", "最多 120 个字符");
            }
            if (!IsWebUrl(Article.Url))
            {
                Add("article.url", "必须是 http(s) 完整网址");
            }
            if (Article.PicUrl is not null && !IsWebUrl(Article.PicUrl))
            {
                Add("article.picUrl", "必须是 http(s) 完整网址");
            }
        }

        var kind = ParseEnum<AudienceKind>(Audience?.Kind);
        if (kind is null)
        {
            Add("audience.kind", "必须是 all、tags、registered、openids 或 poll");
        }
        else if (kind == AudienceKind.Tags && (Audience!.Tags is not { Count: > 0 and <= 20 } tags || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 30)))
        {
            Add("audience.tags", "需要 1 到 20 个标签，每个最多 30 个字符");
        }
        else if (kind == AudienceKind.OpenIds && (Audience!.OpenIds is not { Count: > 0 and <= MaxExplicitOpenIds } ids || !ids.All(Member.IsOpenId)))
        {
            Add("audience.openIds", $"需要 1 到 {MaxExplicitOpenIds} 个有效的 openid；更多成员请使用标签");
        }
        else if (kind == AudienceKind.Poll)
        {
            if (!pollsAvailable)
            {
                Add("audience.pollId", "投票功能尚未启用");
            }
            else if (Audience!.PollId is not { Length: > 0 and <= 64 } pollId || !KeyPattern().IsMatch(pollId))
            {
                Add("audience.pollId", "必填，投票编号");
            }
        }

        var channel = ParseEnum<NoticeChannel>(Channel);
        if (channel is null)
        {
            Add("channel", "必须是 template（模板消息）、mass（群发）或 custom（客服消息）");
        }
        if (channel == NoticeChannel.Template)
        {
            ValidateTemplate(Add);
        }
        else if (Template is not null)
        {
            Add("template", "只用于 template 渠道");
        }
        if (channel == NoticeChannel.Mass && kind == AudienceKind.OpenIds && Audience!.OpenIds?.Distinct().Count() == 1)
        {
            Add("audience.openIds", "群发至少需要 2 个接收者，单人请用模板消息");
        }
        if (channel is NoticeChannel.Mass or NoticeChannel.Custom && Title is not null && Encoding.UTF8.GetByteCount(NoticeContent.Text(Preview())) > 2000)
        {
            Add("body", "标题、正文与链接合计不能超过 2000 字节（微信文本消息上限）");
        }

        if (SendAt is { } at && (at < now - TimeSpan.FromMinutes(1) || at > now + TimeSpan.FromDays(366)))
        {
            Add("sendAt", "发送时间必须在现在到一年之内（不填表示立即发送）");
        }
        return errors;
    }

    /// <summary>The notice this (valid) request describes.</summary>
    public Notice ToNotice(string id, string createdBy, DateTimeOffset now, int buckets)
    {
        var kind = ParseEnum<AudienceKind>(Audience?.Kind)!.Value;
        var audience = new NoticeAudience(
            kind,
            kind == AudienceKind.Tags ? Audience!.Tags!.Select(t => t.Trim()).Distinct().ToList() : [],
            kind == AudienceKind.OpenIds ? Audience!.OpenIds!.Distinct(StringComparer.Ordinal).ToList() : [],
            kind == AudienceKind.Poll ? Audience!.PollId : null);
        var notice = Preview() with
        {
            Id = id,
            Audience = audience,
            SendAt = SendAt is { } at && at > now ? at : now,
            CreatedBy = createdBy,
            CreatedAt = now,
            Buckets = buckets,
        };
        return notice with { Status = notice.NeedsApproval ? NoticeStatus.AwaitingApproval : NoticeStatus.Scheduled };
    }

    private Notice Preview() => new()
    {
        Id = "preview",
        Title = Title?.Trim() ?? "",
        Body = Body?.Trim() ?? "",
        Article = Article is null ? null : Article with { Description = Article.Description ?? "" },
        Audience = NoticeAudience.Everyone,
        Channel = ParseEnum<NoticeChannel>(Channel) ?? NoticeChannel.Template,
        Template = Template is { TemplateId: { } templateId, Data: { } data } ? new NoticeTemplate(templateId, data, Template.Url) : null,
        Essential = Essential,
        CreatedBy = "",
    };

    private void ValidateTemplate(Action<string, string> add)
    {
        if (Template is null)
        {
            add("template", "模板消息需要 templateId 和字段映射");
            return;
        }
        if (Template.TemplateId is not { Length: > 0 and <= 64 } templateId || !KeyPattern().IsMatch(templateId))
        {
            add("template.templateId", "必填，公众号后台的模板 ID");
        }
        if (Template.Data is not { Count: > 0 and <= 20 } data)
        {
            add("template.data", "需要 1 到 20 个字段");
        }
        else if (data.Any(kv => !KeywordPattern().IsMatch(kv.Key) || kv.Value is null || kv.Value.Length > 200))
        {
            add("template.data", "字段名须为字母开头的关键字（如 thing1），值最多 200 个字符；可用 {title} {body} {url}");
        }
        else
        {
            foreach (var retired in data.Keys.Where(TemplateKeywords.IsRetired))
            {
                add($"template.data.{retired}", TemplateKeywords.Problem(retired, "")!);
            }
            // Checked filled in, as the member will read them: {title} and {body} count with their text.
            foreach (var field in NoticeContent.TemplateFields(Preview()))
            {
                if (TemplateKeywords.Problem(field.Keyword, field.Value) is { } problem)
                {
                    add($"template.data.{field.Keyword}", problem);
                }
            }
        }
        if (Template.Url is not null && !IsWebUrl(Template.Url))
        {
            add("template.url", "必须是 http(s) 完整网址");
        }
    }

    private static T? ParseEnum<T>(string? value) where T : struct, Enum =>
        value is not null && value.All(char.IsAsciiLetter) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) ? parsed : null;

    private static bool IsWebUrl(string? value) =>
        value is { Length: <= 1024 } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,31}$")]
    private static partial Regex KeywordPattern();
}

/// <summary>Who a notice is for: <c>kind</c> all, tags, openids or poll, with the list that kind needs.</summary>
public sealed record AudienceRequest(string? Kind, IReadOnlyList<string>? Tags, IReadOnlyList<string>? OpenIds, string? PollId);

/// <summary>A template notice's template id, keyword → value map (with {title}, {body}, {url}) and link.</summary>
public sealed record TemplateRequest(string? TemplateId, Dictionary<string, string>? Data, string? Url);
