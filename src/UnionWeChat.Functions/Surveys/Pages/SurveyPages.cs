using System.Globalization;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Surveys;

/// <summary>
/// The console's 问卷 pages under <c>/api/console/surveys</c>: the list, a new survey's settings, the builder (add,
/// remove and move questions while it is a draft), publishing and closing, and the results with charts, averages,
/// searchable texts, the response rate and the CSV export. Every form is plain HTML: no JSON, no keyword.
/// </summary>
public static class SurveyPages
{
    public const string Root = ConsoleLayout.Root + "/surveys";

    public static void Map(RouteGroupBuilder console)
    {
        var surveys = console.MapGroup("/surveys").RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Read));
        surveys.MapGet("/", ListAsync);
        surveys.MapGet("/{id}", ShowAsync);
        surveys.MapGet("/{id}/results", ResultsAsync);
        surveys.MapGet("/{id}/responses.csv", StaffSurveyEndpoints.ExportAsync);
        surveys.MapGet("/{id}/responses.xlsx", StaffSurveyEndpoints.ExportExcelAsync);
        var write = surveys.MapGroup("/").RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Write));
        write.MapGet("/new", NewAsync);
        write.MapPost("/", CreateAsync);
        write.MapPost("/{id}/settings", (string id, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (f, who, ct) => SettingsForm.Read(f, page.Time.GetUtcNow()) switch
            {
                ({ } settings, _) => page.Desk.ChangeSettingsAsync(id, settings, who, ct),
                (_, var errors) => Task.FromResult(SurveyOutcome.Invalid(errors)),
            }, "settings"));
        write.MapPost("/{id}/questions", (string id, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (f, who, ct) => page.Desk.AddQuestionAsync(id, QuestionForm.Read(f), who, ct), "added"));
        write.MapPost("/{id}/questions/{n:int}/delete", (string id, int n, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (_, who, ct) => page.Desk.RemoveQuestionAsync(id, n - 1, who, ct), "removed"));
        write.MapPost("/{id}/questions/{n:int}/up", (string id, int n, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (_, who, ct) => page.Desk.MoveUpAsync(id, n - 1, who, ct), "moved"));
        write.MapPost("/{id}/publish", (string id, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (_, who, ct) => page.Desk.PublishAsync(id, who, ct), "published"));
        write.MapPost("/{id}/close", (string id, HttpContext http, [AsParameters] Context page) =>
            ActAsync(id, http, page, (_, who, ct) => page.Desk.CloseAsync(id, who, ct), "closed"));
    }

    /// <summary>What every page here needs, bundled for the handlers.</summary>
    public sealed record Context(SurveyStore Store, SurveyDesk Desk, ResponseStore Responses, SurveyAnnouncements Announcements, SurveyLinks Links,
        FollowerTags Tags, FormTokens Tokens, TimeProvider Time);

    private static async Task<IResult> ListAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var now = page.Time.GetUtcNow();
        var list = await page.Store.ListAsync(ct);
        var rows = list.Select(s => Html.Of($"""
            <tr><td data-label="问卷" class="title"><a href="{Root}/{s.Id}">{s.Title}</a></td><td data-label="题数" class="num">{s.Questions.Count}</td>
            <td data-label="状态"><span class="chip">{StateOf(s, now)}</span></td><td data-label="截止"><time>{ConsoleLayout.Time(s.ClosesAt)}</time></td></tr>
            """));
        var body = Html.Of($"""
            {(http.User.CanWrite() ? Html.Of($"""<p><a class="button" href="{Root}/new">新建问卷</a></p>""") : Markup.Empty)}
            {(list.Count == 0
                ? Html.Of($"""<section class="muted">还没有问卷。新建后添加题目，发布后会员在公众号里打开链接填写。</section>""")
                : Html.Of($"""<div class="scroll"><table class="list"><thead><tr><th>问卷</th><th class="num">题数</th><th>状态</th><th>截止时间</th></tr></thead><tbody>{rows}</tbody></table></div>"""))}
            """);
        return ConsoleLayout.Page("问卷调查", body, http.User, token);
    }

    public static string StateOf(Survey s, DateTimeOffset now) => s.Status switch
    {
        SurveyStatus.Draft => "草稿",
        SurveyStatus.Closed => "已提前结束",
        _ when now >= s.ClosesAt => "已结束",
        _ when now < s.OpensAt => "已发布，未开始",
        _ => "进行中",
    };

    private static async Task<IResult> NewAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var now = page.Time.GetUtcNow();
        // Open from now (a survey is usually published the moment it is built) for a week.
        var start = ChinaTime.Of(now).AddSeconds(-ChinaTime.Of(now).Second);
        var draft = new SettingsForm.Values("", "", "", "all", [], PollForm.Local(start), PollForm.Local(start.AddDays(7)), false, true);
        return ConsoleLayout.Page("新建问卷", await SettingsForm.RenderAsync(Root, token, draft, [], "保存，下一步添加题目", page.Tags, ct), http.User, token);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var (settings, errors) = SettingsForm.Read(form, page.Time.GetUtcNow());
        var outcome = settings is null ? SurveyOutcome.Invalid(errors) : await page.Desk.CreateAsync(settings, [], http.User.StaffName(), ct);
        if (outcome.Errors is { } problems)
        {
            var token = await page.Tokens.IssueAsync(http, ct);
            return ConsoleLayout.Page("新建问卷", await SettingsForm.RenderAsync(Root, token, SettingsForm.Echo(form), problems, "保存，下一步添加题目", page.Tags, ct),
                http.User, token, StatusCodes.Status400BadRequest);
        }
        http.Response.Headers.Location = $"{Root}/{outcome.Survey!.Id}?done=created";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static Task<IResult> ShowAsync(string id, HttpContext http, [AsParameters] Context page, CancellationToken ct) =>
        RenderAsync(id, http, page, Done(http.Request.Query["done"].ToString()), null, null, StatusCodes.Status200OK, ct);

    private static string? Done(string action) => action switch
    {
        "created" => "问卷已保存为草稿。请在下面添加题目，完成后发布。",
        "added" => "已添加题目。",
        "removed" => "已删除题目。",
        "moved" => "已调整顺序。",
        "settings" => "已保存设置。",
        "published" => "问卷已发布。",
        "closed" => "问卷已结束，不再收集答案。",
        _ => null,
    };

    private static async Task<IResult> ActAsync(string id, HttpContext http, Context page,
        Func<IFormCollection, string, CancellationToken, Task<SurveyOutcome>> act, string done)
    {
        var ct = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await act(form, http.User.StaffName(), ct);
        if (outcome.Refusal is { } refusal)
        {
            var status = refusal.Code switch { "not-found" => StatusCodes.Status404NotFound, "state" => StatusCodes.Status409Conflict, _ => StatusCodes.Status400BadRequest };
            return await RenderAsync(id, http, page, null, refusal.Reason, outcome.Errors is null ? null : (form, outcome.Errors), status, ct);
        }
        http.Response.Headers.Location = $"{Root}/{Uri.EscapeDataString(id)}?done={done}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext http, Context page, string? done, string? error,
        (IFormCollection Form, Dictionary<string, string[]> Errors)? sent, int status, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        if (await page.Store.GetAsync(id, ct) is not { } s)
        {
            return ConsoleLayout.Page("问卷", Html.Of($"""<section class="error" role="alert">没有找到这份问卷。</section><p><a href="{Root}/">← 返回问卷列表</a></p>"""),
                http.User, token, StatusCodes.Status404NotFound);
        }
        var now = page.Time.GetUtcNow();
        var write = http.User.CanWrite();
        var draft = s.Status == SurveyStatus.Draft;
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null ? Html.Of($"""<section class="ok" role="status">{done}</section>""") : Markup.Empty;
        var questions = s.Questions.Select((q, i) => Html.Of($"""
            <li><b>{q.Title}</b> <span class="chip">{SurveyTexts.KindName(q.Kind)}{(q.Kind == QuestionKind.Multiple ? $"，最多 {q.MaxChoices} 项" : "")}</span>
            {(q.Required ? Markup.Empty : Html.Of($""" <span class="chip">选答</span>"""))}{(q.MayOpenCase ? Html.Of($""" <span class="chip">可申请工会帮助</span>""") : Markup.Empty)}
            {(q.Options.Count > 0 ? Html.Of($"""<div class="muted">{string.Join(" ／ ", q.Options)}</div>""") : Markup.Empty)}
            {(draft && write ? Html.Of($"""<div class="actions">{(i > 0 ? ConsoleLayout.Form($"{Root}/{s.Id}/questions/{i + 1}/up", token, Html.Of($"""<button class="danger" type="submit">上移</button>""")) : Markup.Empty)}{ConsoleLayout.Form($"{Root}/{s.Id}/questions/{i + 1}/delete", token, Html.Of($"""<button class="danger" type="submit">删除第 {i + 1} 题</button>"""))}</div>""") : Markup.Empty)}
            </li>
            """));
        var notice = s.Status != SurveyStatus.Draft && s.Announce ? await page.Announcements.GetAsync(s, ct) : null;
        var link = page.Links.PageFor(s.Id);
        var sentQuestion = sent is { } q2 && q2.Form.ContainsKey("kind") ? q2 : ((IFormCollection, Dictionary<string, string[]>)?)null;
        var sentSettings = sent is { } q3 && !q3.Form.ContainsKey("kind") ? q3 : ((IFormCollection, Dictionary<string, string[]>)?)null;
        var settingsForm = draft && write
            ? await SettingsForm.RenderAsync($"{Root}/{s.Id}/settings", token, sentSettings is { } ss ? SettingsForm.Echo(ss.Item1) : SettingsForm.ValuesOf(s), sentSettings?.Item2 ?? [], "保存设置", page.Tags, ct)
            : Markup.Empty;
        var body = Html.Of($"""
            {flash}
            <p><a href="{Root}/">← 返回问卷列表</a>{(draft ? Markup.Empty : Html.Of($""" · <a href="{Root}/{s.Id}/results">查看结果</a>"""))}</p>
            <section>
            <table class="fields">
            <tr><th>状态</th><td><span class="chip">{StateOf(s, now)}</span></td></tr>
            <tr><th>面向</th><td>{AudienceName(s.Audience)}</td></tr>
            <tr><th>时间</th><td>{ConsoleLayout.Time(s.OpensAt)} 至 {ConsoleLayout.Time(s.ClosesAt)}</td></tr>
            <tr><th>身份</th><td>{(s.Anonymous ? "匿名（答案不关联会员）" : "实名（答案与会员关联，求助编号列在导出里）")}</td></tr>
            <tr><th>填写方式</th><td>{(s.FitsChat ? "问卷页面，或在公众号回复“问卷”逐题作答" : "问卷页面（超过 5 题或含文字题，不能在对话里作答）")}</td></tr>
            {(link is null || draft ? Markup.Empty : Html.Of($"""<tr><th>问卷链接</th><td class="hash">{link}</td></tr>"""))}
            <tr><th>发布通知</th><td>{(!s.Announce ? Html.Of($"不通知") : notice is null ? Html.Of($"{(draft ? "发布时群发通知" : s.HasEndedAt(now) ? "没有发出通知" : "通知尚未创建，请点下面的“创建发布通知”")}") : Html.Of($"""<a href="{ConsoleLayout.Root}/notices/{notice.Id}">{NoticeStatusName(notice.Status)}</a>"""))}</td></tr>
            {(s.Intro.Length == 0 ? Markup.Empty : Html.Of($"""<tr><th>说明</th><td class="text">{s.Intro}</td></tr>"""))}
            {(s.Thanks.Length == 0 ? Markup.Empty : Html.Of($"""<tr><th>感谢语</th><td class="text">{s.Thanks}</td></tr>"""))}
            </table>
            </section>
            <h2>题目（{s.Questions.Count}/{SurveyRules.QuestionsMax}）</h2>
            <section>{(s.Questions.Count == 0 ? Html.Of($"""<p class="muted">还没有题目。</p>""") : Html.Of($"""<ol class="questions">{Html.Join(questions)}</ol>"""))}</section>
            {(draft && write && s.Questions.Count < SurveyRules.QuestionsMax ? QuestionForm.Render($"{Root}/{s.Id}/questions", token, sentQuestion) : Markup.Empty)}
            {(draft && write ? Html.Of($"""
                <h2>发布</h2>
                <section>
                <p class="muted">发布后题目不能再修改。{(s.Announce ? (s.Audience.NeedsApproval ? "面向全部关注者的通知须由另一位管理员在“通知”里批准后发出。" : "通知会在开始时间发出。") : "")}</p>
                {ConsoleLayout.Form($"{Root}/{s.Id}/publish", token, Html.Of($"""<button class="primary" type="submit">发布问卷</button>"""))}
                </section>
                <details{(sentSettings is null ? Markup.Empty : new Markup(" open"))}><summary>修改设置</summary>{settingsForm}</details>
                """) : Markup.Empty)}
            {(write && s.Status == SurveyStatus.Published && !s.HasEndedAt(now) ? Html.Of($"""
                <h2>结束</h2>
                <section>{ConsoleLayout.Form($"{Root}/{s.Id}/close", token, Html.Of($"""<p class="muted">提前结束后不再收集答案，已收到的答案保留。</p><button class="danger" type="submit">提前结束问卷</button>"""))}</section>
                """) : Markup.Empty)}
            {(write && s.Status == SurveyStatus.Published && !s.HasEndedAt(now) && s.Announce && notice is null ? ConsoleLayout.Form($"{Root}/{s.Id}/publish", token, Html.Of($"""<button class="primary" type="submit">创建发布通知</button>""")) : Markup.Empty)}
            <h2>记录</h2>
            <section><ol class="history">{Html.Join(s.History.Select(e => Html.Of($"""<li><time>{ConsoleLayout.Time(e.At)}</time> · {e.Actor}<div class="text">{e.Action}</div></li>""")))}</ol></section>
            """);
        return ConsoleLayout.Page("问卷：" + s.Title, body, http.User, token, status);
    }

    public static string AudienceName(PollAudience audience) => audience.Kind switch
    {
        AudienceKind.Registered => "已入会会员",
        AudienceKind.Tags => "带标签的关注者：" + string.Join("、", audience.Tags),
        _ => "全部关注者",
    };

    private static string NoticeStatusName(NoticeStatus status) => status switch
    {
        NoticeStatus.AwaitingApproval => "通知待批准",
        NoticeStatus.Scheduled => "通知待发送",
        NoticeStatus.Sending => "通知发送中",
        NoticeStatus.Completed => "通知已发出",
        NoticeStatus.Paused => "通知已暂停",
        _ => "查看通知",
    };

    private static async Task<IResult> ResultsAsync(string id, HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        if (await page.Store.GetAsync(id, ct) is not { } s)
        {
            return ConsoleLayout.Page("问卷结果", Html.Of($"""<section class="error" role="alert">没有找到这份问卷。</section>"""), http.User, token, StatusCodes.Status404NotFound);
        }
        var search = http.Request.Query["q"].ToString().Trim();
        if (search.Length > 50)
        {
            search = search[..50];
        }
        var report = SurveyReport.Of(s, await page.Responses.ListAsync(s, ct), search);
        var now = page.Time.GetUtcNow();
        var parts = report.Questions.Select((r, i) => Html.Of($"""
            <h2>{i + 1}. {r.Question.Title}</h2>
            <section class="result" data-question="{i + 1}">
            <p class="muted">{SurveyTexts.KindName(r.Question.Kind)} · {r.Answered} 人回答{(r.Average is { } avg ? Html.Of($" · 平均 <b class=\"average\">{avg.ToString("0.00", CultureInfo.InvariantCulture)}</b> 分") : Markup.Empty)}</p>
            {(r.Question.IsChoice
                ? new Markup(ResultsChart.Bars($"第 {i + 1} 题 {r.Question.Title}", $"q{i + 1}-title",
                    r.Question.Kind == QuestionKind.Rating ? [.. Enumerable.Range(1, SurveyQuestion.RatingMax).Select(k => $"{k} 分")] : r.Question.Options,
                    [.. r.Counts.Select(c => (long)c)], r.Answered, "人", "人回答"))
                : Texts(s, r, search))}
            </section>
            """));
        var body = Html.Of($"""
            <p><a href="{Root}/{s.Id}">← 返回问卷</a> · 导出答卷：<a href="{Root}/{s.Id}/responses.xlsx">Excel 表格</a> · <a href="{Root}/{s.Id}/responses.csv">CSV</a></p>
            <div class="figures">
            <div>答卷<b class="responses">{report.Responses}</b></div>
            <div>面向人数<b>{(report.AudienceSize is { } size ? size.ToString(CultureInfo.InvariantCulture) : "—")}</b></div>
            <div>回收率<b class="rate">{(report.Rate is { } rate ? rate.ToString("0.0%", CultureInfo.InvariantCulture) : "—")}</b></div>
            <div>状态<b>{StateOf(s, now)}</b></div>
            </div>
            {(s.Questions.Any(q => q.IsText) ? Html.Of($"""
                <form method="get" action="{Root}/{s.Id}/results" class="form"><label>在文字答案中查找<input name="q" value="{search}" maxlength="50"></label><button class="primary" type="submit">查找</button>{(search.Length > 0 ? Html.Of($""" <a href="{Root}/{s.Id}/results">清除</a>""") : Markup.Empty)}</form>
                """) : Markup.Empty)}
            {Html.Join(parts)}
            <p class="muted">进行中的问卷，刷新本页即可看到最新结果。{(s.Anonymous ? "本问卷匿名：结果和导出都不含会员身份。" : "")}</p>
            """);
        return ConsoleLayout.Page("问卷结果：" + s.Title, body, http.User, token);
    }

    private static Markup Texts(Survey s, QuestionResult r, string search)
    {
        const int Shown = 200;
        var found = search.Length > 0 ? $"含“{search}”的 {r.Texts.Count} 条（共 {r.TextsTotal} 条）" : $"共 {r.TextsTotal} 条";
        return Html.Of($"""
            <p class="muted">{found}{(r.Texts.Count > Shown ? $"，这里列出最新的 {Shown} 条，全部请导出" : "")}</p>
            <ul class="texts">{Html.Join(r.Texts.Take(Shown).Select(t => Html.Of($"""<li><time>{s.TimeText(t.At)}</time><div class="text">{t.Text}</div></li>""")))}</ul>
            """);
    }
}
