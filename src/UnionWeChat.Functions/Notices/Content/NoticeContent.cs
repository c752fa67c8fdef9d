using UnionWeChat.Functions.Outbound;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>What each channel sends for a notice.</summary>
public static class NoticeContent
{
    /// <summary>Plain text: the title, the body, and the article's link if there is one.</summary>
    public static string Text(Notice n)
    {
        var text = string.IsNullOrWhiteSpace(n.Body) ? n.Title : n.Title + "\n" + n.Body;
        return n.Article is null ? text : $"{text}\n{n.Article.Title}：{n.Article.Url}";
    }

    public static TemplateMessage Template(Notice n, string openId)
    {
        var template = n.Template ?? throw new InvalidOperationException($"Notice {n.Id} has no template.");
        var data = TemplateFields(n).ToDictionary(f => f.Keyword, f => f.Value, StringComparer.Ordinal);
        return new TemplateMessage(openId, template.TemplateId, data, template.Url ?? n.Article?.Url, NoticeKeys.TemplateClientMsgId(n.Id, openId));
    }

    /// <summary>
    /// The template's keyword fields filled in, in the order staff gave them: exactly what goes to WeChat, and so
    /// what the notice's preview shows staff before it is sent. <c>first</c> and <c>remark</c>, which WeChat no
    /// longer shows, are never sent (creation refuses them; this keeps older notices honest too).
    /// </summary>
    public static IReadOnlyList<TemplateField> TemplateFields(Notice n) =>
        n.Template is { } template
            ? [.. template.Data.Where(kv => !TemplateKeywords.IsRetired(kv.Key)).Select(kv => new TemplateField(kv.Key, Fill(kv.Value, n)))]
            : [];

    public static MassContent Mass(Notice n) => MassContent.Text(Text(n));

    public static NewsArticle? CustomArticle(Notice n) =>
        n.Article is { } a ? new NewsArticle(a.Title, string.IsNullOrEmpty(a.Description) ? n.Body : a.Description, a.Url, a.PicUrl) : null;

    private static string Fill(string value, Notice n) => value
        .Replace("{title}", n.Title, StringComparison.Ordinal)
        .Replace("{body}", n.Body, StringComparison.Ordinal)
        .Replace("{url}", n.Article?.Url ?? "", StringComparison.Ordinal);
}

/// <summary>One keyword field of a template message as the member reads it.</summary>
public sealed record TemplateField(string Keyword, string Value);
