
namespace UnionWeChat.Functions.Surveys;

/// <summary>One question's results: how many answered it, the count of each option (or score), the average score, and the texts.</summary>
public sealed record QuestionResult(SurveyQuestion Question, int Answered, IReadOnlyList<int> Counts, double? Average, IReadOnlyList<TextAnswer> Texts, int TextsTotal);

/// <summary>A free-text answer as staff read it: when, and what (never who).</summary>
public sealed record TextAnswer(DateTimeOffset At, string Text);

/// <summary>A survey's results, counted from its response rows (one per member), so they always equal a recount.</summary>
public sealed record SurveyReport(int Responses, int? AudienceSize, IReadOnlyList<QuestionResult> Questions)
{
    /// <summary>Responses as a share of the audience counted when it was published; null before that.</summary>
    public double? Rate => AudienceSize is > 0 and var size ? (double)Responses / size : null;

    public static SurveyReport Of(Survey survey, IReadOnlyList<SurveyResponse> responses, string? search = null)
    {
        var find = search?.Trim() is { Length: > 0 } s ? s : null;
        var questions = survey.Questions.Select((q, i) =>
        {
            var counts = new int[q.IsChoice ? q.ChoiceCount : 0];
            var answered = 0;
            var texts = new List<TextAnswer>();
            foreach (var r in responses)
            {
                // A row written before a question existed is impossible (a published survey is fixed); be safe anyway.
                if (i >= r.Answers.Count || r.Answers[i].IsEmpty)
                {
                    continue;
                }
                answered++;
                foreach (var c in r.Answers[i].Choices)
                {
                    if (c >= 1 && c <= counts.Length)
                    {
                        counts[c - 1]++;
                    }
                }
                if (r.Answers[i].Text is { } text)
                {
                    texts.Add(new TextAnswer(r.UpdatedAt, text));
                }
            }
            double? average = q.Kind == QuestionKind.Rating && answered > 0
                ? Math.Round(counts.Select((n, k) => n * (k + 1.0)).Sum() / answered, 2) : null;
            var shown = find is null ? texts : [.. texts.Where(t => t.Text.Contains(find, StringComparison.OrdinalIgnoreCase))];
            return new QuestionResult(q, answered, counts, average, [.. shown.OrderByDescending(t => t.At)], texts.Count);
        }).ToList();
        return new SurveyReport(responses.Count, survey.AudienceSize, questions);
    }
}

/// <summary>
/// The export: one line per response, one column per question, the answers in words; never an openid. CSV (UTF-8 with
/// a BOM, which Excel reads) or .xlsx, from the same lines.
/// </summary>
public static class SurveyExport
{
    public static byte[] Csv(Survey survey, IReadOnlyList<SurveyResponse> responses) => Platform.Web.Csv.Write(Header(survey), Lines(survey, responses));

    public static byte[] Xlsx(Survey survey, IReadOnlyList<SurveyResponse> responses)
    {
        var header = Header(survey);
        // Every cell a string: an answer that starts with "=" stays text, never a formula.
        var sheet = Lines(survey, responses).Select(line =>
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                row[header[i]] = line[i] ?? "";
            }
            return row;
        }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheet.Count > 0 ? sheet : [header.ToDictionary(h => h, _ => (object?)"")], sheetName: "答卷");
        return stream.ToArray();
    }

    private static List<string> Header(Survey survey)
    {
        var header = new List<string> { "序号", "提交时间", "最后修改", "方式" };
        header.AddRange(survey.Questions.Select((q, i) => $"{i + 1}. {q.Title}"));
        if (!survey.Anonymous)
        {
            header.Add("求助编号");
        }
        return header;
    }

    private static IEnumerable<IReadOnlyList<string?>> Lines(Survey survey, IReadOnlyList<SurveyResponse> responses) => responses.Select((r, n) =>
    {
        var row = new List<string?>
        {
            (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            survey.TimeText(r.SubmittedAt),
            survey.TimeText(r.UpdatedAt),
            r.Channel == ResponseChannel.Chat ? "公众号对话" : "网页",
        };
        row.AddRange(survey.Questions.Select((q, i) => i < r.Answers.Count && !r.Answers[i].IsEmpty ? r.Answers[i].Describe(q) : ""));
        if (!survey.Anonymous)
        {
            row.Add(string.Join(" ", r.Cases));
        }
        return (IReadOnlyList<string?>)row;
    });
}
