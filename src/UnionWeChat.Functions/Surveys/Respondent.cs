using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Surveys;

public enum SubmitResult
{
    Saved,
    Changed,
    NotOpen,
    Closed,
    NotInAudience,
    Invalid,
}

/// <summary>A help case a response filed, or found filed by an earlier submission.</summary>
public sealed record FiledHelp(string Number, bool Earlier);

/// <summary>What became of a response: saved (or changed), or why not; and the help cases it filed.</summary>
public sealed record SubmitOutcome(SubmitResult Result, string? Problem = null, IReadOnlyList<FiledHelp>? Cases = null)
{
    public bool Ok => Result is SubmitResult.Saved or SubmitResult.Changed;

    public IReadOnlyList<FiledHelp> FiledCases => Cases ?? [];
}

/// <summary>
/// The one way a response is taken, from the page and the chat alike: the survey must be taking answers, the member
/// in its audience, every answer within its question; then the help requests become cases and the response is stored,
/// one per member, replacing their earlier one until the survey closes.
/// </summary>
public sealed class Respondent(ResponseStore responses, SurveyHelp help, TimeProvider time)
{
    public async Task<SubmitOutcome> SubmitAsync(
        Survey survey, string openId, Member? member, IReadOnlyList<SurveyAnswer> answers, IReadOnlyList<HelpRequest> helpRequests,
        ResponseChannel channel, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!survey.AcceptsAt(now))
        {
            return new SubmitOutcome(survey.HasEndedAt(now) ? SubmitResult.Closed : SubmitResult.NotOpen, SurveyTexts.NotTaking(survey, now));
        }
        if (!survey.Audience.Includes(member))
        {
            return new SubmitOutcome(SubmitResult.NotInAudience, SurveyTexts.NotForYou(survey));
        }
        if (AnswerRules.CheckAll(survey, answers) is { } problem)
        {
            return new SubmitOutcome(SubmitResult.Invalid, problem);
        }
        var asked = helpRequests.Where(h => h.Choice != HelpChoice.None).ToList();
        if (asked.FirstOrDefault(h => h.Question < 0 || h.Question >= survey.Questions.Count || !survey.Questions[h.Question].MayOpenCase) is not null)
        {
            return new SubmitOutcome(SubmitResult.Invalid, "这道题不能申请帮助。");
        }
        if (asked.FirstOrDefault(h => h.Note is { Length: > SurveyRules.HelpNoteMax }) is not null)
        {
            return new SubmitOutcome(SubmitResult.Invalid, $"求助说明最多 {SurveyRules.HelpNoteMax} 个字。");
        }
        var filed = new List<FiledHelp>();
        var named = new List<string>();
        foreach (var request in asked)
        {
            var (c, earlier) = await help.FileAsync(survey, openId, request, answers[request.Question], now, ct);
            filed.Add(new FiledHelp(c.Number, earlier));
            if (!c.Anonymous)
            {
                named.Add(c.Number);
            }
        }
        var stamp = survey.StampOf(now);
        var response = new SurveyResponse
        {
            Key = ResponseStore.KeyFor(survey, openId),
            Answers = answers,
            SubmittedAt = stamp,
            UpdatedAt = stamp,
            Channel = channel,
            OpenId = survey.Anonymous ? null : openId,
            // Only cases filed under the member's name: an anonymous case's number never sits beside an openid.
            Cases = survey.Anonymous ? [] : named,
        };
        var replaced = await responses.SaveAsync(survey, response, ct);
        return new SubmitOutcome(replaced ? SubmitResult.Changed : SubmitResult.Saved, null, filed);
    }
}
