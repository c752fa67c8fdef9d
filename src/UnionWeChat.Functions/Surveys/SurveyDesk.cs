using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>What a staff action on a survey came to: the survey as it now stands, or why not (and, for a form, by field).</summary>
public sealed record SurveyOutcome(Survey? Survey, Refusal? Refusal, Dictionary<string, string[]>? Errors = null)
{
    public static SurveyOutcome Invalid(Dictionary<string, string[]> errors) =>
        new(null, new Refusal(errors.Values.First()[0], Code: "invalid"), errors);

    public static SurveyOutcome NotFound { get; } = new(null, new Refusal("没有这份问卷。", Code: "not-found"));
}

/// <summary>
/// Staff build and run surveys here, for the console and the API alike: a draft is made and its questions added,
/// removed or moved; publishing fixes it (the audience is counted for the response rate and the announcement is
/// made); closing ends it early. Each step is recorded on the survey (who, what, when) and written under its ETag.
/// </summary>
public sealed class SurveyDesk(SurveyStore store, SurveyAnnouncements announcements, PollAudienceSource audiences, SurveysOptions options, TimeProvider time)
{
    public async Task<SurveyOutcome> CreateAsync(SurveySettings settings, IReadOnlyList<QuestionRequest> questions, string staff, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = SurveyRules.CheckSettings(settings, now);
        if (questions.Count > SurveyRules.QuestionsMax)
        {
            errors["questions"] = [$"一份问卷最多 {SurveyRules.QuestionsMax} 题。"];
        }
        var checkedQuestions = new List<SurveyQuestion>();
        for (var i = 0; i < questions.Count && i < SurveyRules.QuestionsMax; i++)
        {
            var (question, problems) = SurveyRules.CheckQuestion(questions[i]);
            foreach (var (field, messages) in problems)
            {
                errors[$"questions[{i}].{field}"] = [.. messages.Select(m => $"第 {i + 1} 题：{m}")];
            }
            if (question is not null)
            {
                checkedQuestions.Add(question);
            }
        }
        if (errors.Count > 0)
        {
            return SurveyOutcome.Invalid(errors);
        }
        var survey = new Survey
        {
            Id = SurveyStore.NewId(),
            Title = settings.Title.Trim(),
            Intro = settings.Intro.Trim(),
            Thanks = settings.Thanks.Trim(),
            Questions = checkedQuestions,
            Audience = settings.Audience,
            OpensAt = settings.OpensAt,
            ClosesAt = settings.ClosesAt,
            Anonymous = settings.Anonymous,
            Announce = settings.Announce,
            CreatedBy = staff,
            CreatedAt = now,
            Partitions = options.ResponsePartitions,
            Salt = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        }.Record(now, staff, "创建问卷");
        return new SurveyOutcome(await store.CreateAsync(survey, ct), null);
    }

    public Task<SurveyOutcome> ChangeSettingsAsync(string id, SurveySettings settings, string staff, CancellationToken ct)
    {
        var errors = SurveyRules.CheckSettings(settings, time.GetUtcNow());
        return errors.Count > 0 ? Task.FromResult(SurveyOutcome.Invalid(errors)) : ChangeDraftAsync(id, staff, "修改设置", s => s with
        {
            Title = settings.Title.Trim(),
            Intro = settings.Intro.Trim(),
            Thanks = settings.Thanks.Trim(),
            Audience = settings.Audience,
            OpensAt = settings.OpensAt,
            ClosesAt = settings.ClosesAt,
            Anonymous = settings.Anonymous,
            Announce = settings.Announce,
        }, ct);
    }

    public Task<SurveyOutcome> AddQuestionAsync(string id, QuestionRequest request, string staff, CancellationToken ct)
    {
        var (question, errors) = SurveyRules.CheckQuestion(request);
        return question is null ? Task.FromResult(SurveyOutcome.Invalid(errors)) : ChangeDraftAsync(id, staff, $"添加题目：{question.Title}", s =>
            s.Questions.Count >= SurveyRules.QuestionsMax ? null : s with { Questions = [.. s.Questions, question] }, ct,
            $"一份问卷最多 {SurveyRules.QuestionsMax} 题。");
    }

    public Task<SurveyOutcome> RemoveQuestionAsync(string id, int index, string staff, CancellationToken ct) =>
        ChangeDraftAsync(id, staff, $"删除第 {index + 1} 题", s =>
            index < 0 || index >= s.Questions.Count ? null : s with { Questions = [.. s.Questions.Where((_, i) => i != index)] }, ct, "没有这道题。");

    public Task<SurveyOutcome> MoveUpAsync(string id, int index, string staff, CancellationToken ct) =>
        ChangeDraftAsync(id, staff, $"第 {index + 1} 题上移", s =>
        {
            if (index < 1 || index >= s.Questions.Count)
            {
                return null;
            }
            var list = s.Questions.ToList();
            (list[index - 1], list[index]) = (list[index], list[index - 1]);
            return s with { Questions = list };
        }, ct, "这道题不能再上移了。");

    /// <summary>
    /// Publishes a draft: counted against its audience (copying tags from WeChat, so the page and chat checks find
    /// them) and announced. Publishing a published survey again only makes an announcement that is still missing.
    /// </summary>
    public async Task<SurveyOutcome> PublishAsync(string id, string staff, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } draft)
        {
            return SurveyOutcome.NotFound;
        }
        var size = draft.Status == SurveyStatus.Draft ? await audiences.CountAtOpeningAsync(draft.Audience, ct) : draft.AudienceSize ?? 0;
        var now = time.GetUtcNow();
        Refusal? refusal = null;
        var changed = await store.ChangeAsync(id, s =>
        {
            if (s.Status == SurveyStatus.Published)
            {
                // Publishing again only makes a missing announcement, and never for a survey that no longer takes answers.
                refusal = s.HasEndedAt(now) ? new Refusal("问卷已经结束，不再发送通知。", Code: "state") : null;
                return null;
            }
            if (SurveyRules.CheckPublish(s, now) is { } problem)
            {
                refusal = new Refusal(problem, Code: s.Status == SurveyStatus.Draft ? "invalid" : "state");
                return null;
            }
            refusal = null;
            return (s with { Status = SurveyStatus.Published, PublishedAt = now, AudienceSize = size }).Record(now, staff, "发布问卷");
        }, ct);
        if (changed is not { } result)
        {
            return SurveyOutcome.NotFound;
        }
        if (refusal is not null)
        {
            return new SurveyOutcome(result.Survey, refusal);
        }
        await announcements.EnsureAsync(result.Survey, staff, ct);
        return new SurveyOutcome(result.Survey, null);
    }

    public async Task<SurveyOutcome> CloseAsync(string id, string staff, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Refusal? refusal = null;
        var changed = await store.ChangeAsync(id, s =>
        {
            refusal = s.Status == SurveyStatus.Draft ? new Refusal("问卷还没有发布。", Code: "state")
                : s.HasEndedAt(now) ? new Refusal("问卷已经结束了。", Code: "state") : null;
            return refusal is null ? (s with { Status = SurveyStatus.Closed, ClosedAt = now }).Record(now, staff, "提前结束问卷") : null;
        }, ct);
        return changed is not { } result ? SurveyOutcome.NotFound : new SurveyOutcome(result.Survey, refusal);
    }

    private async Task<SurveyOutcome> ChangeDraftAsync(string id, string staff, string action, Func<Survey, Survey?> change, CancellationToken ct, string? refusedWhy = null)
    {
        var now = time.GetUtcNow();
        Refusal? refusal = null;
        var changed = await store.ChangeAsync(id, s =>
        {
            if (s.Status != SurveyStatus.Draft)
            {
                // Answers already given must keep meaning what they meant: a published survey is fixed.
                refusal = new Refusal("问卷已经发布，不能再修改。", Code: "state");
                return null;
            }
            var next = change(s);
            refusal = next is null ? new Refusal(refusedWhy ?? "没有可修改的内容。", Code: "invalid") : null;
            return next?.Record(now, staff, action);
        }, ct);
        return changed is not { } result ? SurveyOutcome.NotFound : new SurveyOutcome(result.Survey, refusal);
    }
}
