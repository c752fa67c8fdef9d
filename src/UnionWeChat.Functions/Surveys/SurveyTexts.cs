using System.Globalization;
using System.Text;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Surveys;

/// <summary>What members read about surveys, in the chat and on the page: short, and the same words for the same thing.</summary>
public static class SurveyTexts
{
    public const string Word = "问卷";
    public const string SkipWord = "跳过";
    public const string BackWord = "上一题";
    public const string NeedHelp = "我需要工会帮助";

    public static string KindName(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "单选",
        QuestionKind.Multiple => "多选",
        QuestionKind.Rating => "评分",
        QuestionKind.ShortText => "简答",
        _ => "问答",
    };

    public static string NotTaking(Survey survey, DateTimeOffset now) => survey.HasEndedAt(now)
        ? $"问卷《{survey.Title}》已经结束，不再收集答案。感谢您的关注！"
        : $"问卷《{survey.Title}》将于 {ChinaTime.Minute(survey.OpensAt)} 开始，请到时再来填写。";

    public static string NotForYou(Survey survey) => survey.Audience.Kind == AudienceKind.Registered
        ? $"问卷《{survey.Title}》只请已入会的工会会员填写。回复“入会”可以在线申请入会。"
        : $"问卷《{survey.Title}》是请部分职工填写的，您不在这次的范围内。感谢您的关注！";

    public const string NoneOpen = "现在没有需要您填写的问卷。有新问卷时，我们会通知您。";

    public static string Pick(IReadOnlyList<Survey> surveys)
    {
        var s = new StringBuilder("现在可以填写的问卷：\n");
        for (var i = 0; i < surveys.Count; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"{i + 1} 《{surveys[i].Title}》（{surveys[i].Questions.Count} 题，{ChinaTime.Minute(surveys[i].ClosesAt)} 截止）\n");
        }
        return s.Append("请回复序号选择问卷。").ToString();
    }

    public static string BadPick(int count) => $"请回复 1 到 {count} 之间的序号选择问卷，或回复“取消”。";

    /// <summary>A survey too long for the chat: the page's link (or, without a public address, where to find it).</summary>
    public static string OnPage(Survey survey, string? link) => link is null
        ? $"问卷《{survey.Title}》共 {survey.Questions.Count} 题，请打开公众号通知里的链接填写。"
        : $"问卷《{survey.Title}》共 {survey.Questions.Count} 题，请点击链接填写：\n{link}";

    public static string Start(Survey survey, bool answeredBefore)
    {
        var s = new StringBuilder($"【问卷】{survey.Title}\n");
        if (survey.Intro.Length > 0)
        {
            s.Append(Shorten(survey.Intro, 200)).Append('\n');
        }
        s.Append(CultureInfo.InvariantCulture, $"共 {survey.Questions.Count} 题，{ChinaTime.Minute(survey.ClosesAt)} 截止。");
        s.Append(survey.Anonymous ? "本问卷匿名，答案不会和您的身份关联。" : "");
        if (answeredBefore)
        {
            s.Append("\n您已填写过这份问卷，重新回答会替换之前的答案。");
        }
        return s.ToString();
    }

    public static string Question(Survey survey, int index)
    {
        var q = survey.Questions[index];
        var s = new StringBuilder().Append(CultureInfo.InvariantCulture, $"第 {index + 1}/{survey.Questions.Count} 题（{KindName(q.Kind)}{(q.Required ? "" : "，可跳过")}）\n{q.Title}\n");
        if (q.Kind == QuestionKind.Rating)
        {
            s.Append("1 到 5 分，5 分最高\n");
        }
        else
        {
            for (var i = 0; i < q.Options.Count; i++)
            {
                s.Append(CultureInfo.InvariantCulture, $"{i + 1} {q.Options[i]}\n");
            }
        }
        s.Append(Hint(q));
        if (index > 0)
        {
            s.Append("回复“上一题”返回，");
        }
        return s.Append("回复“取消”退出。").ToString();
    }

    public static string Hint(SurveyQuestion q) =>
        (q.Kind switch
        {
            QuestionKind.Rating => "请回复分数，如“5”。",
            QuestionKind.Multiple => $"请回复序号，可选多项（最多 {q.MaxChoices} 项），用逗号隔开，如“1,3”。",
            _ => "请回复序号，如“1”。",
        }) + (q.Required ? "" : "不想回答请回复“跳过”。");

    public const string AskHelp = "如果您在这方面需要工会帮助，请回复：\n1 " + NeedHelp + "（实名，工作人员会联系您）\n2 " + NeedHelp + "（匿名）\n3 不需要";

    public const string BadHelp = "请回复 1、2 或 3。\n" + AskHelp;

    public const string FirstAlready = "已经是第一题了。";

    public static string Done(Survey survey, bool changed, IReadOnlyList<FiledHelp> cases)
    {
        var s = new StringBuilder(changed ? "已更新您的答案。" : "提交成功！");
        s.Append(survey.Thanks.Length > 0 ? survey.Thanks : "感谢您参与问卷调查。");
        s.Append(CultureInfo.InvariantCulture, $"\n{ChinaTime.Minute(survey.ClosesAt)} 截止前可以重新填写修改。");
        foreach (var (number, earlier) in cases)
        {
            s.Append('\n').Append(earlier
                ? $"您的求助之前已经提交，编号：{number}，工作人员正在办理；新写的情况已转给工作人员。回复“查询 {number}”可查看办理进度。"
                : $"您的求助已提交，编号：{number}。回复“查询 {number}”可查看办理进度。");
        }
        return s.ToString();
    }

    /// <summary>The announcement's body: the intro, the deadline and the link; and the chat way for a short survey.</summary>
    public static string Announcement(Survey survey, string? link)
    {
        var s = new StringBuilder();
        if (survey.Intro.Length > 0)
        {
            s.Append(Shorten(survey.Intro, 300)).Append('\n');
        }
        s.Append(CultureInfo.InvariantCulture, $"共 {survey.Questions.Count} 题，{ChinaTime.Minute(survey.ClosesAt)} 截止。");
        if (link is not null)
        {
            s.Append("\n点击填写：").Append(link);
        }
        if (survey.FitsChat)
        {
            s.Append("\n也可以回复“问卷”直接在这里作答。");
        }
        return s.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
