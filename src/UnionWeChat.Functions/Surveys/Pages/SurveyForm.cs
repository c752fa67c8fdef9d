using System.Globalization;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// The survey page's fields: <c>q{n}</c> per question (one value per ticked box, the score, or the text), and for a
/// question that may open a case <c>help{n}</c> (<c>named</c> / <c>anonymous</c>) with <c>note{n}</c>. What the member
/// sent is kept, so the page shows it back with the problems beside the questions.
/// </summary>
public sealed record SurveyForm(IReadOnlyList<IReadOnlyList<string>> Values, IReadOnlyList<HelpRequest> Help, IReadOnlyDictionary<int, string> Errors)
{
    public static SurveyForm Empty(Survey survey, SurveyResponse? earlier) => new(
        [.. survey.Questions.Select((q, i) => earlier is { } r && i < r.Answers.Count ? ValuesOf(r.Answers[i]) : (IReadOnlyList<string>)[])],
        [], new Dictionary<int, string>());

    public static (SurveyForm Form, IReadOnlyList<SurveyAnswer>? Answers) Read(Survey survey, IFormCollection form)
    {
        var values = new List<IReadOnlyList<string>>();
        var answers = new List<SurveyAnswer>();
        var help = new List<HelpRequest>();
        var errors = new Dictionary<int, string>();
        for (var i = 0; i < survey.Questions.Count; i++)
        {
            var q = survey.Questions[i];
            var given = form[Field(i)].Select(v => v ?? "").ToList();
            values.Add(given);
            var (answer, problem) = AnswerRules.FromPage(q, given);
            if (problem is not null)
            {
                errors[i] = problem;
            }
            answers.Add(answer ?? SurveyAnswer.Skipped);
            if (q.MayOpenCase)
            {
                var choice = form[$"help{i}"].ToString() switch
                {
                    "named" => HelpChoice.Named,
                    "anonymous" => HelpChoice.Anonymous,
                    _ => HelpChoice.None,
                };
                var note = form[$"note{i}"].ToString().Trim();
                help.Add(new HelpRequest(i, choice, note.Length == 0 ? null : note));
                if (choice != HelpChoice.None && answer is { IsEmpty: true })
                {
                    errors[i] = "请先回答这道题，再申请工会帮助。";
                }
                else if (note.Length > SurveyRules.HelpNoteMax)
                {
                    errors[i] = $"求助说明最多 {SurveyRules.HelpNoteMax} 个字，您写了 {note.Length} 个字。";
                }
            }
        }
        var read = new SurveyForm(values, help, errors);
        return (read, errors.Count == 0 ? answers : null);
    }

    public static string Field(int question) => "q" + question.ToString(CultureInfo.InvariantCulture);

    public HelpRequest? HelpFor(int question) => Help.FirstOrDefault(h => h.Question == question);

    private static IReadOnlyList<string> ValuesOf(SurveyAnswer a) =>
        a.Text is { } text ? [text] : [.. a.Choices.Select(c => c.ToString(CultureInfo.InvariantCulture))];
}
