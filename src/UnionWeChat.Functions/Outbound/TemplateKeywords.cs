using System.Globalization;

namespace UnionWeChat.Functions.Outbound;

/// <summary>
/// Template message fields as WeChat shows them since May 2023: only the keyword fields, each on one line, at most 20
/// characters (fewer for some types), and no <c>first</c> or <c>remark</c> (WeChat drops them, so a member would
/// never read that text). One rule for every template the account sends: notices, replies, SLA notices.
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
/// </summary>
public static class TemplateKeywords
{
    public const int MaxLength = 20;

    private static readonly string[] Retired = ["first", "remark"];

    /// <summary>The most characters WeChat shows for a keyword, by its type prefix (thing2 → thing).</summary>
    public static int LimitOf(string keyword) => keyword.TrimEnd("0123456789".ToCharArray()) switch
    {
        "phrase" or "symbol" => 5,
        "car_number" => 8,
        "name" => 10,
        _ => MaxLength,
    };

    public static bool IsRetired(string keyword) => Retired.Contains(keyword, StringComparer.OrdinalIgnoreCase);

    /// <summary>Characters as a reader counts them (an emoji or a combined character is one).</summary>
    public static int Length(string value) => new StringInfo(value).LengthInTextElements;

    /// <summary>Why a filled-in field would not show as written, in words for staff; null when it will.</summary>
    public static string? Problem(string keyword, string value)
    {
        if (IsRetired(keyword))
        {
            return $"微信自 2023 年 5 月起不再显示“{keyword}”字段，成员看不到这段文字；请只用模板的关键词字段";
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"“{keyword}”填入后为空";
        }
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return $"“{keyword}”不能换行，微信只显示一行";
        }
        var limit = LimitOf(keyword);
        return Length(value) > limit ? $"“{keyword}”填入后有 {Length(value)} 个字，微信最多显示 {limit} 个字" : null;
    }

    /// <summary>A value made to show as WeChat will: one line, cut to the keyword's limit with an ellipsis.</summary>
    public static string Fit(string keyword, string value)
    {
        var line = string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var limit = LimitOf(keyword);
        if (Length(line) <= limit)
        {
            return line;
        }
        var info = new StringInfo(line);
        return info.SubstringByTextElements(0, limit - 1) + "…";
    }
}
