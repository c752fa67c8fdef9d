using System.Globalization;
using System.Text.RegularExpressions;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// Masks openids in text bound for a log, in the shape the app's own logs use (<see cref="OpenIds.Shorten"/>):
/// any value named openid / FromUserName / touser (query, form, JSON, XML, record text), and any bare token shaped
/// like a WeChat openid (28 characters starting with "o").
/// </summary>
internal static partial class LogRedaction
{
    public static string Redact(string text) =>
        text.Length <= 6 ? text : OpenIdInText().Replace(text, m => m.Groups["lead"].Value + OpenIds.Shorten(m.Groups["id"].Value));

    /// <summary>A state value as a provider may write it: masked text if it held an openid, else the value itself.</summary>
    public static object? RedactValue(string key, object? value)
    {
        if (value is null)
        {
            return null;
        }
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        if (NamesOpenId(key))
        {
            return OpenIds.Shorten(text);
        }
        var masked = Redact(text);
        // Unchanged values keep their type, so structured output still writes numbers as numbers.
        return masked == text ? value : masked;
    }

    /// <summary>A state key such as <c>OpenId</c>, <c>FromUserName</c> or <c>touser</c>: its value is an openid whatever its shape.</summary>
    public static bool NamesOpenId(string key) =>
        key.Contains("openid", StringComparison.OrdinalIgnoreCase)
        || key.Equals("FromUserName", StringComparison.OrdinalIgnoreCase)
        || key.Equals("touser", StringComparison.OrdinalIgnoreCase);

    // The atomic group and the look-ahead make it idempotent: "openid=oUpF8u…" is not shortened a second time.
    [GeneratedRegex("""
        (?<lead>(?i:open_?id|fromusername|touser)(?:"?\s*[=:]\s*"?|%3D|>(?:<!\[CDATA\[)?))(?<id>(?>[A-Za-z0-9_-]+))(?!…)
        |(?<![A-Za-z0-9_-])(?<id>o[A-Za-z0-9_-]{27})(?![A-Za-z0-9_…-])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex OpenIdInText();
}
