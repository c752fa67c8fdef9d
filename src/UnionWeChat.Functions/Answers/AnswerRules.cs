using System.Text.RegularExpressions;
namespace UnionWeChat.Functions.Answers;

/// <summary>What an edited keyword answer must be: a short id, 1–20 keywords, and text that fits one passive reply.</summary>
public static partial class AnswerRules
{
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 20;
    // A passive text reply may be 2048 bytes; 600 Chinese characters (3 bytes each) stay under it.
    public const int MaxTextLength = 600;

    public static (Answer? Answer, Dictionary<string, string[]> Errors) Check(string id, IReadOnlyList<string>? keywords, string? text, int? order)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = ["must be 1–40 lowercase letters, digits or '-'"];
        }
        var words = (keywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (words.Count is 0 or > MaxKeywords)
        {
            errors["keywords"] = [$"give 1 to {MaxKeywords} keywords"];
        }
        else if (words.Any(w => w.Length > MaxKeywordLength))
        {
            errors["keywords"] = [$"each keyword must be at most {MaxKeywordLength} characters"];
        }
        var body = text?.Trim() ?? "";
        if (body.Length is 0 or > MaxTextLength)
        {
            errors["text"] = [$"must be 1 to {MaxTextLength} characters"];
        }
        if (order is < 0 or > 10_000)
        {
            errors["order"] = ["must be from 0 to 10000"];
        }
        return (errors.Count == 0 ? new Answer(id, words, body, order ?? 100) : null, errors);
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex IdPattern();
}
