using System.Text;
using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// 「我需要工会帮助」 on a survey question: a 求助 case in the case desk with the question and the answer in it,
/// under the worker's name or anonymously as they chose. Filed under a key from the survey, the member and the
/// question, so sending the survey again (or changing the answer) never files a second case. The key is a hash
/// under the survey's salt that differs from the response row's key: an anonymous survey's response stays unlinked.
/// </summary>
public sealed class SurveyHelp(CaseStore cases)
{
    public const string Category = IntakeRules.SurveyHelpCategory;

    public async Task<Case> FileAsync(Survey survey, string openId, HelpRequest help, SurveyAnswer answer, DateTimeOffset now, CancellationToken ct)
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
        return await cases.CreateAsync(CaseKind.Aid, filingKey, number => new Case
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
    }
}
