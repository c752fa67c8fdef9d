using System.Globalization;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// The checks an answer must pass, the same for the page and the chat: a choice among the options (within the
/// maximum), a score from 1 to 5, a text within its length, and every required question answered. A problem is
/// one sentence in Chinese for the member, and nothing is stored.
/// </summary>
public static class AnswerRules
{
    /// <summary>The answer from the page's fields (one value per ticked box), or the problem.</summary>
    public static (SurveyAnswer? Answer, string? Problem) FromPage(SurveyQuestion q, IReadOnlyList<string?> values)
    {
        if (q.IsText)
        {
            return Text(q, string.Join("", values));
        }
        var given = values.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        if (given.Count == 0)
        {
            return q.Required ? (null, "这道题必须回答。") : (SurveyAnswer.Skipped, null);
        }
        var parsed = ChoiceParser.FromValues(given, q.ChoiceCount, q.MaxChoices);
        return parsed.Ok ? (new SurveyAnswer(parsed.Choices, null), null) : (null, Reword(q, parsed.Error!));
    }

    /// <summary>The answer to a chat question ("2", "1,3", "5"), or the problem; "跳过" skips an optional question.</summary>
    public static (SurveyAnswer? Answer, string? Problem) FromChat(SurveyQuestion q, string text)
    {
        if (text.Trim() == SurveyTexts.SkipWord)
        {
            return q.Required ? (null, "这道题必须回答。" + SurveyTexts.Hint(q)) : (SurveyAnswer.Skipped, null);
        }
        var parsed = ChoiceParser.Parse(text, q.ChoiceCount, q.MaxChoices);
        return parsed.Ok ? (new SurveyAnswer(parsed.Choices, null), null) : (null, Reword(q, parsed.Error!));
    }

    /// <summary>Checks a whole set of answers (the API, and the page after its fields are read).</summary>
    public static string? CheckAll(Survey survey, IReadOnlyList<SurveyAnswer> answers)
    {
        if (answers.Count != survey.Questions.Count)
        {
            return "答案的数量和题目不一致。";
        }
        for (var i = 0; i < answers.Count; i++)
        {
            var (q, a) = (survey.Questions[i], answers[i]);
            var problem = a.IsEmpty ? (q.Required ? "这道题必须回答。" : null)
                : q.IsText ? (a.Choices.Count > 0 ? "这道题要填写文字。" : Text(q, a.Text).Problem)
                : a.Text is not null ? "这道题要选择选项。"
                : a.Choices.Count > q.MaxChoices || a.Choices.Distinct().Count() != a.Choices.Count || a.Choices.Any(c => c < 1 || c > q.ChoiceCount)
                    ? (q.Kind == QuestionKind.Rating ? "评分要在 1 到 5 分之间。" : "选择的选项不在题目里。")
                : null;
            if (problem is not null)
            {
                return $"第 {(i + 1).ToString(CultureInfo.InvariantCulture)} 题：{problem}";
            }
        }
        return null;
    }

    private static (SurveyAnswer? Answer, string? Problem) Text(SurveyQuestion q, string? raw)
    {
        var text = (raw ?? "").Trim();
        if (text.Length == 0)
        {
            return q.Required ? (null, "这道题必须回答。") : (SurveyAnswer.Skipped, null);
        }
        return text.Length > q.TextMax
            ? (null, $"最多 {q.TextMax} 个字，您写了 {text.Length} 个字，请删减一些。")
            : (new SurveyAnswer([], text), null);
    }

    // The parser speaks of ballots; a survey's member reads about questions and scores.
    private static string Reword(SurveyQuestion q, string error) => q.Kind == QuestionKind.Rating
        ? "请选择 1 到 5 分（5 分最高）。"
        : error.Replace("这是单选投票，只能选一项。", "这道题只能选一项。", StringComparison.Ordinal);
}
