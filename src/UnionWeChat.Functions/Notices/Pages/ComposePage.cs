using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// <c>/api/console/notices/new</c> (triage, admin): the compose form. Saving goes through <see cref="NoticeCreation"/>
/// as the API does; a refused form comes back (400) with each reason next to its field and everything as typed.
/// </summary>
public static class ComposePage
{
    public static Task<IResult> ShowAsync(HttpContext http, [AsParameters] Choices choices, CancellationToken ct) =>
        RenderAsync(http, choices, NoticeForm.Blank, new Dictionary<string, string[]>(), StatusCodes.Status200OK, ct);

    public static async Task<IResult> CreateAsync(HttpContext http, NoticeCreation creation, [AsParameters] Choices choices, CancellationToken ct)
    {
        var form = NoticeForm.Read(await http.Request.ReadFormAsync(ct));
        var (request, problems) = form.ToRequest();
        if (problems.Count == 0)
        {
            var created = await creation.CreateAsync(request, http.User.StaffName(), ct);
            if (created.Notice is { } notice)
            {
                http.Response.Headers.Location = $"{NoticePages.Root}/{notice.Id}?done=created";
                return Results.StatusCode(StatusCodes.Status303SeeOther);
            }
            problems = created.Errors;
        }
        return await RenderAsync(http, choices, form, problems, StatusCodes.Status400BadRequest, ct);
    }

    /// <summary>What the form offers to pick from: WeChat's tags, and the polls when the Polls feature is there.</summary>
    public sealed record Choices(FormTokens Tokens, FollowerTags Tags, AudienceResolver Audiences);

    private static async Task<IResult> RenderAsync(HttpContext http, Choices choices, NoticeForm form, Dictionary<string, string[]> errors, int status, CancellationToken ct)
    {
        var token = await choices.Tokens.IssueAsync(http, ct);
        var tags = await choices.Tags.ListAsync(ct);
        IReadOnlyList<PollChoice> polls = choices.Audiences.Polls is { } source ? await source.ChoicesAsync(ct) : [];
        var problems = new FieldProblems(errors);
        var summary = errors.Count == 0 ? Markup.Empty : Html.Of($"""
            <section class="error" role="alert"><p>通知没有保存，请修改标出的地方：</p><ul>{errors.Select(e => Html.Of($"<li>{FieldProblems.NameOf(e.Key)}：{string.Join("；", e.Value)}</li>"))}</ul></section>
            """);
        var fields = Html.Of($"""
            <section>
            <label for="title">标题</label><input id="title" name="title" value="{form.Title}" maxlength="64" required>{problems.For("title")}
            <label for="body">正文</label><textarea id="body" name="body" maxlength="600">{form.Body}</textarea>{problems.For("body")}
            </section>
            {Channels(form, problems)}
            {TemplateFields(form, problems)}
            {Audience(form, tags, polls, choices.Audiences.PollsAvailable, problems)}
            <section>
            <h2>其他</h2>
            <div class="choice"><label class="pick"><input type="checkbox" name="essential" {Checked(form.Essential)}> 重要通知</label>
            <p class="muted">成员回复“退订”后不再收到一般通知；重要通知（如维权结果、安全提醒）仍会发给他们。只在确有必要时勾选。</p></div>
            <label for="sendAt">发送时间（北京时间，可不填）</label><input id="sendAt" name="sendAt" type="datetime-local" value="{form.SendAt}">
            <p class="muted">不填表示尽快发送；面向全体关注者的通知要等另一位管理员批准后才发送。</p>{problems.For("sendAt")}
            </section>
            {problems.Rest()}
            <p><button class="primary" type="submit">保存通知</button> <a href="{NoticePages.Root}">返回通知列表</a></p>
            """);
        var body = Html.Of($"""{summary}{ConsoleLayout.Form($"{NoticePages.Root}/new", token, fields, "compose")}""");
        return ConsoleLayout.Page("新建通知", body, http.User, token, status);
    }

    private static Markup Channels(NoticeForm form, FieldProblems problems)
    {
        Markup Choice(string value, string label, string hint) => Html.Of($"""
            <div class="choice"><label class="pick"><input type="radio" name="channel" value="{value}" {Checked(form.Channel == value)}> {label}</label><p class="muted">{hint}</p></div>
            """);
        return Html.Of($"""
            <section><h2>发送方式</h2>
            {Choice("template", "模板消息", "可发给任何关注者，每天有发送额度；成员只看到模板的关键词字段。")}
            {Choice("custom", "客服消息", "只能送达 48 小时内给公众号发过消息或点过菜单的成员。")}
            {Choice("mass", "群发", "以文字群发；每位成员每月最多收到 4 次群发，超过的不会收到。")}
            {problems.For("channel")}
            </section>
            """);
    }

    private static Markup TemplateFields(NoticeForm form, FieldProblems problems)
    {
        var rows = Enumerable.Range(0, NoticeForm.KeywordRows).Select(i =>
        {
            var row = i < form.Keywords.Count ? form.Keywords[i] : new KeywordRow("", "");
            return Html.Of($"""
                <div class="kw"><input name="kw" value="{row.Name}" aria-label="第 {i + 1} 个字段名" placeholder="如 thing{i + 1}" maxlength="32"><input name="kv" value="{row.Value}" aria-label="第 {i + 1} 个字段内容" placeholder="内容" maxlength="200"></div>
                {(row.Name.Length > 0 ? problems.For($"template.data.{row.Name}") : Markup.Empty)}
                """);
        });
        return Html.Of($"""
            <section><h2>模板消息的内容</h2>
            <p class="muted">仅在发送方式为“模板消息”时填写。</p>
            <label for="templateId">模板 ID（公众号后台“模板消息”中复制）</label><input id="templateId" name="templateId" value="{form.TemplateId}" maxlength="64">{problems.For("template.templateId")}{problems.For("template")}
            <p class="muted">关键词字段是模板里留给你填写的空位，每个有一个字段名（如 thing1、time2），在公众号后台查看模板详情可以看到。每行填一个字段名和它的内容；内容里的 {"{title}"} 会换成标题，{"{body}"} 会换成正文。微信每个字段最多显示 20 个字（名字类 10 个），不能换行；first 和 remark 微信已不再显示，不要填写。</p>
            <div class="kw muted"><span>字段名</span><span>内容</span></div>
            {rows}
            {problems.For("template.data")}
            <label for="url">点开模板消息后打开的网址（可不填）</label><input id="url" name="url" type="url" value="{form.Url}" maxlength="1024">{problems.For("template.url")}
            </section>
            """);
    }

    private static Markup Audience(NoticeForm form, IReadOnlyList<UserTag> tags, IReadOnlyList<PollChoice> polls, bool pollsAvailable, FieldProblems problems)
    {
        var tagBoxes = tags.Count == 0
            ? Html.Of($"""<p class="muted">公众号在微信还没有标签。</p>""")
            : Html.Of($"""<div class="tags">{tags.Select(t => Html.Of($"""<label class="pick"><input type="checkbox" name="tags" value="{t.Name}" {Checked(form.Tags.Contains(t.Name))}> {t.Name} <span class="muted">{t.Count} 人</span></label>"""))}</div>""");
        var pollPick = polls.Count == 0
            ? Html.Of($"""<p class="muted">{(pollsAvailable ? "还没有可选的投票。" : "投票功能尚未启用。")}</p>""")
            : Html.Of($"""<select name="pollId" aria-label="投票"><option value="">请选择投票</option>{polls.Select(p => Html.Of($"""<option value="{p.Id}" {(p.Id == form.PollId ? new Markup("selected") : Markup.Empty)}>{p.Title}</option>"""))}</select>""");
        Markup Choice(string value, string label, Markup more) => Html.Of($"""
            <div class="choice"><label class="pick"><input type="radio" name="audience" value="{value}" {Checked(form.Audience == value)}> {label}</label>{more}</div>
            """);
        return Html.Of($"""
            <section><h2>通知对象</h2>
            {Choice("all", "全部关注者", Html.Of($"""<p class="muted">需要另一位管理员批准后才发送。</p>"""))}
            {Choice("registered", "已入会会员", Markup.Empty)}
            {Choice("tags", "标签", Html.Of($"""<div class="sub"><p class="muted">发给带有任一所选标签的关注者（标签在微信公众号中维护）。</p>{tagBoxes}</div>"""))}
            {Choice("openids", "指定 openid 列表", Html.Of($"""<div class="sub"><textarea name="openids" aria-label="openid 列表" placeholder="每行一个 openid">{form.OpenIds}</textarea><p class="muted">最多 {NoticeRequest.MaxExplicitOpenIds} 个；人数更多请用标签。</p></div>"""))}
            {Choice("poll", "某个投票的受众", Html.Of($"""<div class="sub">{pollPick}</div>"""))}
            {problems.For("audience", andBelow: true)}
            </section>
            """);
    }

    private static Markup Checked(bool on) => on ? new Markup("checked") : Markup.Empty;
}
