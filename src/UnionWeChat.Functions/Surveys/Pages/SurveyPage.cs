using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Surveys;

/// <summary>The survey as a member answers it on their phone: no script, every value encoded, large touch targets.</summary>
public static class SurveyPage
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
        main{max-width:600px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 12px}.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}
        .intro{white-space:pre-line;color:#444;margin-top:0}.meta{color:#666;font-size:13px}fieldset{border:0;margin:0;padding:0}
        legend{font-weight:600;margin-bottom:8px;padding:0}.req{color:#c8102e}.kind{color:#888;font-weight:400;font-size:13px}
        label.option{display:flex;gap:10px;align-items:center;padding:10px;border:1px solid #ddd;border-radius:6px;margin:6px 0}
        .scores{display:flex;gap:6px}.scores label.option{flex:1;justify-content:center;flex-direction:column;gap:2px;padding:8px 0}
        input[type=radio],input[type=checkbox]{width:20px;height:20px;flex:none}
        input[type=text],textarea{display:block;width:100%;font:inherit;padding:10px;border:1px solid #ccc;border-radius:6px}textarea{min-height:110px}
        .help{background:#fff8e1;border-radius:6px;padding:10px;margin-top:10px}.help summary{font-weight:600;cursor:pointer;color:#8a5a00}
        .error{color:#b00020;font-size:14px;display:block;margin-top:6px}.notice{background:#e8f5ec;color:#0a6b2d}
        .problem{border:1px solid #b00020}
        button{width:100%;min-height:48px;font-size:17px;border:0;border-radius:6px;background:#c8102e;color:#fff;margin-top:8px}
        """;

    public static HtmlPage Form(Survey survey, SurveyForm form, AntiforgeryTokenSet tokens, bool answeredBefore, string? problem = null, int status = StatusCodes.Status200OK)
    {
        var questions = survey.Questions.Select((q, i) => Question(q, i, form));
        var top = problem ?? (form.Errors.Count > 0 ? "有几道题需要修改，请看标红的地方。" : null);
        return Page(survey.Title, Html.Of($"""
            {(top is null ? Markup.Empty : Html.Of($"""<p class="card error" role="alert">{top}</p>"""))}
            {(answeredBefore ? Html.Of($"""<p class="card notice" role="status">您已填写过这份问卷，下面是您的答案；修改后再提交即可，{ChinaTime.Minute(survey.ClosesAt)} 截止。</p>""") : Markup.Empty)}
            <section class="card">
            {(survey.Intro.Length == 0 ? Markup.Empty : Html.Of($"""<p class="intro">{survey.Intro}</p>"""))}
            <p class="meta">共 {survey.Questions.Count} 题，<span class="req">*</span> 为必答题。{ChinaTime.Minute(survey.ClosesAt)} 截止。{(survey.Anonymous ? "本问卷匿名，答案不会和您的身份关联。" : "")}</p>
            </section>
            <form method="post" action="{SurveyLinks.Root}/{survey.Id}">
            <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
            {Html.Join(questions)}
            <button type="submit">{(answeredBefore ? "提交修改" : "提交问卷")}</button>
            </form>
            """), status);
    }

    private static Markup Question(SurveyQuestion q, int i, SurveyForm form)
    {
        var field = SurveyForm.Field(i);
        var values = i < form.Values.Count ? form.Values[i] : [];
        var number = (i + 1).ToString(CultureInfo.InvariantCulture);
        Markup Checked(int option) => values.Contains(option.ToString(CultureInfo.InvariantCulture)) ? Html.Of($" checked") : Markup.Empty;
        var input = q.Kind switch
        {
            QuestionKind.Single or QuestionKind.Multiple => Html.Join(q.Options.Select((o, k) => Html.Of($"""
                <label class="option"><input type="{(q.Kind == QuestionKind.Single ? "radio" : "checkbox")}" name="{field}" value="{k + 1}"{Checked(k + 1)}>{o}</label>
                """))),
            QuestionKind.Rating => Html.Of($"""<div class="scores">{Html.Join(Enumerable.Range(1, SurveyQuestion.RatingMax).Select(k => Html.Of($"""
                <label class="option"><input type="radio" name="{field}" value="{k}"{Checked(k)}>{k} 分</label>
                """)))}</div>"""),
            QuestionKind.ShortText => Html.Of($"""<input type="text" name="{field}" value="{(values.Count > 0 ? values[0] : "")}" maxlength="{q.TextMax}" aria-label="第 {number} 题">"""),
            _ => Html.Of($"""<textarea name="{field}" maxlength="{q.TextMax}" aria-label="第 {number} 题">{(values.Count > 0 ? values[0] : "")}</textarea>"""),
        };
        var kind = q.Kind == QuestionKind.Multiple ? $"多选，最多 {q.MaxChoices} 项" : q.Kind == QuestionKind.Rating ? "1 到 5 分，5 分最高" : SurveyTexts.KindName(q.Kind);
        var error = form.Errors.GetValueOrDefault(i);
        return Html.Of($"""
            <section class="card{(error is null ? "" : " problem")}" id="q{number}"><fieldset>
            <legend>{number}. {q.Title}{(q.Required ? Html.Of($"""<span class="req"> *</span>""") : Markup.Empty)} <span class="kind">（{kind}）</span></legend>
            {input}
            {(error is null ? Markup.Empty : Html.Of($"""<span class="error" role="alert">{error}</span>"""))}
            {(q.MayOpenCase ? Help(i, form.HelpFor(i)) : Markup.Empty)}
            </fieldset></section>
            """);
    }

    // 「我需要工会帮助」: open when the member had asked, so a form shown back with a problem keeps their choice.
    private static Markup Help(int i, HelpRequest? asked)
    {
        Markup Is(HelpChoice c) => (asked?.Choice ?? HelpChoice.None) == c ? Html.Of($" checked") : Markup.Empty;
        return Html.Of($"""
            <details class="help"{(asked is { Choice: not HelpChoice.None } ? Html.Of($" open") : Markup.Empty)}><summary>{SurveyTexts.NeedHelp}</summary>
            <label class="option"><input type="radio" name="help{i}" value=""{Is(HelpChoice.None)}>不需要</label>
            <label class="option"><input type="radio" name="help{i}" value="named"{Is(HelpChoice.Named)}>需要，实名（工作人员会在公众号联系我）</label>
            <label class="option"><input type="radio" name="help{i}" value="anonymous"{Is(HelpChoice.Anonymous)}>需要，匿名（工作人员看不到我是谁）</label>
            <label>简单说说您的情况（可不填）<textarea name="note{i}" maxlength="{SurveyRules.HelpNoteMax}">{asked?.Note}</textarea></label>
            <p class="meta">提交问卷时会同时提交求助，提交后会显示求助编号，回复“查询 编号”可查看办理进度。</p>
            </details>
            """);
    }

    public static HtmlPage Thanks(Survey survey, SubmitOutcome outcome) => Page(survey.Title, Html.Of($"""
        <p class="card notice" role="status" style="white-space:pre-line">{SurveyTexts.Done(survey, outcome.Result == SubmitResult.Changed, outcome.FiledCases)}</p>
        <p class="meta">可以关闭本页，回到公众号。</p>
        """));

    public static HtmlPage Message(string text, int status = StatusCodes.Status200OK) =>
        Page("问卷调查", Html.Of($"""<p class="card" style="white-space:pre-line">{text}</p>"""), status);

    private static HtmlPage Page(string title, Markup body, int status = StatusCodes.Status200OK) => new(Html.Of($"""
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title}</title><style>{new Markup(Style)}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>
        """).Value, status);
}
