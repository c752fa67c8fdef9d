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

    /// <summary>Most characters WeChat shows in one template keyword value (since May 2023).</summary>
    public const int TemplateValueMax = 20;

    /// <summary>
    /// Exactly the keyword fields a template notice sends, in order, filled in: what staff see as the preview. Since
    /// May 2023 WeChat shows only keyword fields, so <c>first</c> and <c>remark</c> are never sent.
    /// https://developers.weixin.qq.com/doc/service/guide/product/template_message/Template_Message_Operation_Specifications.html
    /// </summary>
    public static IReadOnlyDictionary<string, string> TemplateFields(NoticeTemplate template, Notice n)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in template.Data)
        {
            if (!IsRetiredField(field))
            {
                fields[field] = Fill(value, n);
            }
        }
        return fields;
    }

    /// <summary>first and remark: fields WeChat no longer shows.</summary>
    public static bool IsRetiredField(string field) => field is "first" or "remark";

    public static TemplateMessage Template(Notice n, string openId)
    {
        var template = n.Template ?? throw new InvalidOperationException($"Notice {n.Id} has no template.");
        var data = TemplateFields(template, n).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new TemplateMessage(openId, template.TemplateId, data, template.Url ?? n.Article?.Url, NoticeKeys.TemplateClientMsgId(n.Id, openId));
    }

    public static MassContent Mass(Notice n) => MassContent.Text(Text(n));

    public static NewsArticle? CustomArticle(Notice n) =>
        n.Article is { } a ? new NewsArticle(a.Title, string.IsNullOrEmpty(a.Description) ? n.Body : a.Description, a.Url, a.PicUrl) : null;

    private static string Fill(string value, Notice n) => value
        .Replace("{title}", n.Title, StringComparison.Ordinal)
        .Replace("{body}", n.Body, StringComparison.Ordinal)
        .Replace("{url}", n.Article?.Url ?? "", StringComparison.Ordinal);
}
