using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A refused form's problems (keyed as the API names fields: <c>template.data.thing1</c>), each shown once next to
/// its field; <see cref="Rest"/> shows any the form has no place for, so no reason is ever lost.
/// </summary>
public sealed class FieldProblems(IReadOnlyDictionary<string, string[]> errors)
{
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);

    /// <summary>The problems of <paramref name="key"/>, and with <paramref name="andBelow"/> of the fields under it too.</summary>
    public Markup For(string key, bool andBelow = false)
    {
        var mine = errors.Where(e => !_shown.Contains(e.Key) && (e.Key == key || (andBelow && e.Key.StartsWith(key + ".", StringComparison.Ordinal)))).ToList();
        foreach (var (field, _) in mine)
        {
            _shown.Add(field);
        }
        return Html.Join(mine.SelectMany(e => e.Value).Select(m => Html.Of($"""<p class="field-error">{m}</p>""")));
    }

    public Markup Rest()
    {
        var rest = errors.Keys.Where(k => !_shown.Contains(k)).ToList();
        return rest.Count == 0 ? Markup.Empty : Html.Join(rest.Select(k => For(k)));
    }

    /// <summary>The field's name as the form labels it.</summary>
    public static string NameOf(string key) => key switch
    {
        "title" => "标题",
        "body" => "正文",
        "channel" => "发送方式",
        "template" or "template.templateId" => "模板 ID",
        "template.data" => "关键词字段",
        "template.url" => "模板网址",
        "sendAt" => "发送时间",
        _ when key.StartsWith("template.data.", StringComparison.Ordinal) => $"关键词字段 {key["template.data.".Length..]}",
        _ when key.StartsWith("audience", StringComparison.Ordinal) => "通知对象",
        _ when key.StartsWith("article", StringComparison.Ordinal) => "图文链接",
        _ => key,
    };
}
