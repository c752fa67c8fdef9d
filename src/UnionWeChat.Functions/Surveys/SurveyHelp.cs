using System.Text;
using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// 「我需要工会帮助」 on a survey question: a 求助 case in the case desk with the question and the answer in it,
/// under the worker's name or anonymously as they chose. Filed under a key from the survey, the member and the
/// question, so sending the survey again (or changing the answer) never files a second case: the first one stands,
/// named or anonymous as first chosen, and a new note is added to its history for staff. The key is a hash under the
/// survey's salt that differs from the response row's key: an anonymous survey's response stays unlinked.
/// </summary>
public sealed class SurveyHelp(CaseStore cases)
{
    public const string Category = IntakeRules.SurveyHelpCategory;

    public const string NoteAction = "补充情况（来自问卷）";

    /// <summary>The case for this request, and whether it was filed earlier (by a previous submission).</summary>
    public async Task<(Case Case, bool Earlier)> FileAsync(Survey survey, string openId, HelpRequest help, SurveyAnswer answer, DateTimeOffset now, CancellationToken ct)
    {
        var q = survey.Questions[help.Question];
        var description = new StringBuilder()
            .Append("来自问卷《").Append(survey.Title).Append("》\n")
            .Append("问：").Append(q.Title).Append('\n')
            .Append("答：").Append(answer.Describe(q));
        if (!string.IsNullOrWhiteSpace(help.Note))
        {
            description.Append("\n情况：").Append(help.Note.Trim());
        }
        var filingKey = "survey|" + survey.Id + "|" + ResponseStore.HelpKeyFor(survey, openId, help.Question);
        var filed = await cases.CreateAsync(CaseKind.Aid, filingKey, number => new Case
        {
            Number = number,
            Kind = CaseKind.Aid,
            Category = Category,
            CreatedAt = now,
            UpdatedAt = now,
            WorkerRef = WorkerRef.Of(openId),
            OpenId = openId,
            Anonymous = help.Choice == HelpChoice.Anonymous,
            Description = description.ToString(),
        }, CaseFiling.WorkerActor, ct);
        if (filed.CreatedAt == now)
        {
            return (filed, false);
        }
        // Sent again: a note the case does not have yet reaches staff in its history (once, however often it is sent).
        if (help.Note?.Trim() is { Length: > 0 } note && !filed.Description.Contains(note, StringComparison.Ordinal)
            && !(await cases.HistoryAsync(filed.Number, ct)).Any(e => e.Action == NoteAction && e.Detail == note))
        {
            await cases.AppendAsync(filed.Number, new CaseEvent(now, CaseFiling.WorkerActor, NoteAction, note, VisibleToWorker: true), ct);
        }
        return (filed, true);
    }
}
