using System.Text.RegularExpressions;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Outbound;

/// <summary>
/// A template message chosen in the WeChat admin console, and what goes in each of its keywords:
/// <c>…__TemplateId=&lt;id&gt;</c>, <c>…__Fields__thing2={text}</c>, <c>…__Fields__character_string1={number}</c>.
/// Values are cut to the length WeChat allows for the keyword's type (thing ≤ 20, character_string ≤ 32, phrase ≤ 5…),
/// since a longer value is refused with 47003:
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
/// </summary>
public sealed partial class TemplateOptions
{
    /// <summary>The template's id; empty means no template message is sent (the reason is recorded instead).</summary>
    public string? TemplateId { get; set; }

    /// <summary>Keyword → pattern with <c>{placeholder}</c>s. Required when <see cref="TemplateId"/> is set.</summary>
    public Dictionary<string, string> Fields { get; set; } = [];

    /// <summary>Optional link opened when the message is tapped.</summary>
    public string? Url { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TemplateId);

    public IEnumerable<ConfigProblem> Validate(string key, IReadOnlyCollection<string> placeholders)
    {
        if (!IsConfigured)
        {
            yield break;
        }
        if (Fields.Count == 0)
        {
            yield return new ConfigProblem($"{key}__Fields", "must name at least one keyword, e.g. " + key + "__Fields__thing2={text}");
        }
        foreach (var (keyword, pattern) in Fields)
        {
            if (TemplateKeywords.IsRetired(keyword))
            {
                yield return new ConfigProblem($"{key}__Fields__{keyword}", "WeChat no longer shows first and remark (since May 2023): use the template's keyword fields");
            }
            foreach (Match m in Placeholder().Matches(pattern))
            {
                if (!placeholders.Contains(m.Groups[1].Value))
                {
                    yield return new ConfigProblem($"{key}__Fields__{keyword}",
                        $"uses {{{m.Groups[1].Value}}}; known placeholders: {string.Join(", ", placeholders.Select(p => "{" + p + "}"))}");
                }
            }
        }
        if (Url is { Length: > 0 } && !Uri.TryCreate(Url, UriKind.Absolute, out _))
        {
            yield return new ConfigProblem($"{key}__Url", "must be an absolute URL");
        }
    }

    /// <summary>The keyword values for one message, each cut to its type's limit.</summary>
    public IReadOnlyDictionary<string, string> Fill(IReadOnlyDictionary<string, string> values)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyword, pattern) in Fields)
        {
            var value = Placeholder().Replace(pattern, m => values.GetValueOrDefault(m.Groups[1].Value, ""));
            data[keyword] = Cut(value, LimitOf(keyword));
        }
        return data;
    }

    /// <summary>The most characters WeChat shows for a keyword (<see cref="TemplateKeywords"/>).</summary>
    public static int LimitOf(string keyword) => TemplateKeywords.LimitOf(keyword);

    private static string Cut(string value, int limit)
    {
        if (value.Length <= limit)
        {
            return value;
        }
        var keep = limit - 1;
        // Never split a surrogate pair (an emoji) in half.
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }
        return value[..keep] + "…";
    }

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();
}
