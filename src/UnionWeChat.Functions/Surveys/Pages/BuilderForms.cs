using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Surveys;

/// <summary>The builder's settings form (title, texts, audience, times, anonymous, announce), read and shown back with its problems.</summary>
public static class SettingsForm
{
    /// <summary>The form's values as typed, so a refused form comes back as it was sent.</summary>
    public sealed record Values(string Title, string Intro, string Thanks, string Audience, IReadOnlyList<string> Tags, string OpensAt, string ClosesAt, bool Anonymous, bool Announce);

    public static (SurveySettings? Settings, Dictionary<string, string[]> Errors) Read(IFormCollection form, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var opens = PollForm.ReadTime(form, "opensAt", "开始时间", errors);
        var closes = PollForm.ReadTime(form, "closesAt", "截止时间", errors);
        var v = Echo(form);
        var kind = v.Audience switch { "tags" => AudienceKind.Tags, "registered" => AudienceKind.Registered, "all" => AudienceKind.All, _ => AudienceKind.OpenIds };
        foreach (var (field, messages) in SurveyRules.CheckContent(Settings(v, kind, default, default)))
        {
            errors[field] = messages;
        }
        if (opens is { } o && closes is { } c && SurveyRules.CheckWindow(o, c, now) is { } window)
        {
            errors["closesAt"] = [window];
        }
        return errors.Count == 0 ? (Settings(v, kind, opens!.Value, closes!.Value), errors) : (null, errors);
    }

    private static SurveySettings Settings(Values v, AudienceKind kind, DateTimeOffset opens, DateTimeOffset closes) =>
        new(v.Title, v.Intro, v.Thanks, new PollAudience(kind, kind == AudienceKind.Tags ? v.Tags : []), opens, closes, v.Anonymous, v.Announce);

    public static Values Echo(IFormCollection form) => new(
        form["title"].ToString(), form["intro"].ToString(), form["thanks"].ToString(), form["audience"].ToString(),
        [.. form["tags"].Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim())],
        form["opensAt"].ToString(), form["closesAt"].ToString(), form["anonymous"] == "on", form["announce"] == "on");

    public static Values ValuesOf(Survey s) => new(s.Title, s.Intro, s.Thanks,
        s.Audience.Kind switch { AudienceKind.Tags => "tags", AudienceKind.Registered => "registered", _ => "all" }, s.Audience.Tags,
        PollForm.Local(s.OpensAt), PollForm.Local(s.ClosesAt), s.Anonymous, s.Announce);

    public static async Task<Markup> RenderAsync(string action, string token, Values v, Dictionary<string, string[]> errors, string button, FollowerTags tags, CancellationToken ct)
    {
        Markup Error(string field) => errors.TryGetValue(field, out var messages)
            ? Html.Of($"""<span class="field-error" role="alert">{string.Join(" ", messages)}</span>""") : Markup.Empty;
        Markup Checked(bool on) => on ? new Markup("checked") : Markup.Empty;
        var tagChoices = await PollPages.TagChoicesAsync(tags, [.. v.Tags], ct);
        var fields = Html.Of($"""
            {(errors.Count > 0 ? Html.Of($"""<section class="error" role="alert">没有保存：请按提示修改后再提交。</section>""") : Markup.Empty)}
            <section class="form">
            <label>问卷标题{Error("title")}<input name="title" value="{v.Title}" maxlength="{SurveyRules.TitleMax}"></label>
            <label>说明（选填，显示在问卷开头）{Error("intro")}<textarea name="intro" maxlength="{SurveyRules.IntroMax}">{v.Intro}</textarea></label>
            <label>感谢语（选填，提交后显示）{Error("thanks")}<textarea name="thanks" maxlength="{SurveyRules.ThanksMax}">{v.Thanks}</textarea></label>
            </section>
            <section class="form">
            <fieldset><legend>请谁填写</legend>{Error("audience")}
            <label class="choice"><input type="radio" name="audience" value="all" {Checked(v.Audience is "all" or "")}> 全部关注者（发布通知须另一位管理员批准）</label>
            <label class="choice"><input type="radio" name="audience" value="registered" {Checked(v.Audience == "registered")}> 已入会会员</label>
            <label class="choice"><input type="radio" name="audience" value="tags" {Checked(v.Audience == "tags")}> 按标签（选下面的标签）</label>
            {Error("tags")}{tagChoices}
            </fieldset>
            <div class="pair">
            <label>开始时间（北京时间）{Error("opensAt")}<input name="opensAt" type="datetime-local" value="{v.OpensAt}"></label>
            <label>截止时间（北京时间）{Error("closesAt")}<input name="closesAt" type="datetime-local" value="{v.ClosesAt}"></label>
            </div>
            <label class="choice"><input type="checkbox" name="anonymous" {Checked(v.Anonymous)}> 匿名问卷（答案不关联会员，只保证每人一份）</label>
            <label class="choice"><input type="checkbox" name="announce" {Checked(v.Announce)}> 发布时群发通知，附问卷链接</label>
            </section>
            <p><button class="primary" type="submit">{button}</button></p>
            """);
        // novalidate: the browser's own messages would be in its language; the server answers in Chinese.
        return Html.Of($"""<form method="post" action="{action}" novalidate><input type="hidden" name="_form" value="{token}">{fields}</form>""");
    }
}

/// <summary>The builder's "add a question" form.</summary>
public static class QuestionForm
{
    public static QuestionRequest Read(IFormCollection form) => new(
        form["kind"].ToString(),
        form["title"].ToString(),
        // One option a line, as staff would write a list; blank lines are not options.
        [.. form["options"].ToString().Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0)],
        int.TryParse(form["maxChoices"], out var max) ? max : null,
        form["required"] == "on",
        form["mayOpenCase"] == "on");

    public static Markup Render(string action, string token, (IFormCollection Form, Dictionary<string, string[]> Errors)? sent)
    {
        var errors = sent?.Errors ?? [];
        var form = sent?.Form;
        Markup Error(string field) => errors.TryGetValue(field, out var messages)
            ? Html.Of($"""<span class="field-error" role="alert">{string.Join(" ", messages)}</span>""") : Markup.Empty;
        var kind = form?["kind"].ToString() is { Length: > 0 } k ? k : nameof(QuestionKind.Single);
        var kinds = Enum.GetValues<QuestionKind>().Select(q => Html.Of($"""
            <option value="{q}"{(q.ToString() == kind ? new Markup(" selected") : Markup.Empty)}>{Label(q)}</option>
            """));
        Markup Checked(string field, bool byDefault) => (form is null ? byDefault : form[field] == "on") ? new Markup("checked") : Markup.Empty;
        return Html.Of($"""
            <h2>添加题目</h2>
            <section class="form">
            {ConsoleLayout.Form(action, token, Html.Of($"""
                <label>题型{Error("kind")}<select name="kind">{Html.Join(kinds)}</select></label>
                <label>题目{Error("title")}<input name="title" value="{form?["title"].ToString()}" maxlength="{SurveyRules.QuestionTitleMax}"></label>
                <label>选项（单选、多选题填写，每行一个，{SurveyRules.OptionsMin} 到 {SurveyRules.OptionsMax} 个）{Error("options")}<textarea name="options" rows="4">{form?["options"].ToString()}</textarea></label>
                <label>多选题最多可选几项（不填为不限）{Error("maxChoices")}<input name="maxChoices" type="number" min="2" max="{SurveyRules.OptionsMax}" value="{form?["maxChoices"].ToString()}"></label>
                <label class="choice"><input type="checkbox" name="required" {Checked("required", true)}> 必答</label>
                <label class="choice">{Error("mayOpenCase")}<input type="checkbox" name="mayOpenCase" {Checked("mayOpenCase", false)}> 可申请工会帮助（题目下显示“{SurveyTexts.NeedHelp}”，会员选择后在案件台生成求助）</label>
                <p><button class="primary" type="submit">添加题目</button></p>
                """))}
            </section>
            """);
    }

    private static string Label(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "单选",
        QuestionKind.Multiple => "多选",
        QuestionKind.Rating => "评分（1 到 5 分）",
        QuestionKind.ShortText => "简答（一行文字）",
        _ => "问答（多行文字）",
    };
}
