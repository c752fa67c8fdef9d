using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Surveys;

/// <summary>The limits of a questionnaire, and the checks a new survey and each of its questions must pass.</summary>
public static class SurveyRules
{
    public const int QuestionsMax = 30;
    public const int ChatQuestionsMax = 5;
    public const int TitleMax = 64;
    public const int IntroMax = 600;
    public const int ThanksMax = 200;
    public const int QuestionTitleMax = 100;
    public const int OptionsMin = 2;
    public const int OptionsMax = 10;
    public const int OptionMax = 40;
    public const int ShortTextMax = 100;
    public const int LongTextMax = 1000;
    public const int HelpNoteMax = 500;

    /// <summary>Field → problems, in the builder's words; empty when the settings can be saved.</summary>
    public static Dictionary<string, string[]> CheckSettings(SurveySettings s, DateTimeOffset now)
    {
        var errors = CheckContent(s);
        if (CheckWindow(s.OpensAt, s.ClosesAt, now) is { } window)
        {
            errors["closesAt"] = [window];
        }
        return errors;
    }

    /// <summary>Everything but the window: title, texts and audience.</summary>
    public static Dictionary<string, string[]> CheckContent(SurveySettings s)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(s.Title) || s.Title.Trim().Length > TitleMax)
        {
            errors["title"] = [$"请填写问卷标题，最多 {TitleMax} 个字。"];
        }
        if (s.Intro.Length > IntroMax)
        {
            errors["intro"] = [$"说明最多 {IntroMax} 个字。"];
        }
        if (s.Thanks.Length > ThanksMax)
        {
            errors["thanks"] = [$"感谢语最多 {ThanksMax} 个字。"];
        }
        if (s.Audience.Kind is not (AudienceKind.All or AudienceKind.Tags or AudienceKind.Registered))
        {
            errors["audience"] = ["请选择面向的人群：全部关注者、带标签的关注者或已入会会员。"];
        }
        else if (s.Audience.Kind == AudienceKind.Tags && (s.Audience.Tags.Count is 0 or > 20 || s.Audience.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 30)))
        {
            errors["tags"] = ["请选择 1 到 20 个标签。"];
        }
        return errors;
    }

    /// <summary>What is wrong with the open and close times (a problem of the closing time), or null.</summary>
    public static string? CheckWindow(DateTimeOffset opens, DateTimeOffset closes, DateTimeOffset now) =>
        closes <= opens ? "截止时间要晚于开始时间。"
        : closes <= now ? "截止时间已经过了，请选一个以后的时间。"
        : closes - opens > TimeSpan.FromDays(366) ? "问卷最长开放一年。"
        : null;

    /// <summary>The question as it will be stored, or (when null) what is wrong with it, by field.</summary>
    public static (SurveyQuestion? Question, Dictionary<string, string[]> Errors) CheckQuestion(QuestionRequest q)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = Enum.TryParse<QuestionKind>(q.Kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : (QuestionKind?)null;
        if (kind is null)
        {
            errors["kind"] = ["请选择题型：单选、多选、评分、简答或问答。"];
        }
        var title = q.Title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > QuestionTitleMax)
        {
            errors["title"] = [$"请填写题目，最多 {QuestionTitleMax} 个字。"];
        }
        var options = (q.Options ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        var choice = kind is QuestionKind.Single or QuestionKind.Multiple;
        if (choice && (options.Count < OptionsMin || options.Count > OptionsMax))
        {
            errors["options"] = [$"请填写 {OptionsMin} 到 {OptionsMax} 个选项，每行一个。"];
        }
        else if (choice && options.Any(o => o.Length > OptionMax))
        {
            errors["options"] = [$"每个选项最多 {OptionMax} 个字。"];
        }
        else if (choice && options.Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            errors["options"] = ["有两个选项写得一样，请改成不同的选项。"];
        }
        var max = kind == QuestionKind.Multiple ? q.MaxChoices ?? options.Count : 1;
        if (kind == QuestionKind.Multiple && errors.Count == 0 && (max < 2 || max > options.Count))
        {
            errors["maxChoices"] = [$"多选题最多可选的项数要在 2 到 {options.Count} 之间。"];
        }
        if (q.MayOpenCase && kind is QuestionKind.ShortText or QuestionKind.LongText)
        {
            // A free text is not an answer a worker can be asked to confirm as a request for help.
            errors["mayOpenCase"] = ["“可申请工会帮助”只用于选择题和评分题。"];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new SurveyQuestion
        {
            Kind = kind!.Value,
            Title = title,
            Options = choice ? options : [],
            MaxChoices = max,
            Required = q.Required,
            MayOpenCase = q.MayOpenCase,
        }, errors);
    }

    /// <summary>What stops a draft from being published, or null.</summary>
    public static string? CheckPublish(Survey survey, DateTimeOffset now) =>
        survey.Status != SurveyStatus.Draft ? "问卷已经发布了。"
        : survey.Questions.Count == 0 ? "问卷还没有题目，请先添加题目。"
        : survey.ClosesAt <= now ? "截止时间已经过了，请先修改截止时间。"
        : null;
}

/// <summary>A survey's settings as staff give them (all but the questions).</summary>
public sealed record SurveySettings(
    string Title, string Intro, string Thanks, PollAudience Audience, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, bool Anonymous, bool Announce);

/// <summary>A question as the builder or the API sends it, before it is checked.</summary>
public sealed record QuestionRequest(string? Kind, string? Title, IReadOnlyList<string?>? Options, int? MaxChoices, bool Required, bool MayOpenCase);
