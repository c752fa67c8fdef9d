using System.Globalization;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// The console's 会员 pages under <c>/api/console/members</c>: applications by state, one application with its
/// history and the decisions (approve with a union, ask for more, decline with a reason), the registry with its
/// export, statistics, and the member card check staff use at a service counter.
/// </summary>
public static class MembersPages
{
    public const string Root = ConsoleLayout.Root + "/members";

    public static void Map(RouteGroupBuilder console)
    {
        var read = StaffPolicies.OnConsole(StaffPolicies.Read);
        var members = console.MapGroup("/members").RequireAuthorization(read);
        members.MapGet("/", ListAsync);
        members.MapGet("/applications/{id}", ShowAsync);
        var write = members.MapGroup("/applications/{id}").RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Write));
        write.MapPost("/approve", (string id, HttpContext http, MembershipDesk desk, [AsParameters] Context page) =>
            DecideAsync(id, http, page, (f, who, ct) => desk.ApproveAsync(id, f["union"], who, ct)));
        write.MapPost("/decline", (string id, HttpContext http, MembershipDesk desk, [AsParameters] Context page) =>
            DecideAsync(id, http, page, (f, who, ct) => desk.DeclineAsync(id, f["reason"], who, ct)));
        write.MapPost("/ask", (string id, HttpContext http, MembershipDesk desk, [AsParameters] Context page) =>
            DecideAsync(id, http, page, (f, who, ct) => desk.AskForMoreAsync(id, f["question"], who, ct)));
        members.MapGet("/registry", RegistryAsync);
        members.MapGet("/changes", ChangesAsync);
        var changes = members.MapGroup("/changes/{number}").RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Write));
        changes.MapPost("/approve", (string number, HttpContext http, MembershipDesk desk, [AsParameters] Context page) =>
            DecideChangeAsync(http, page, (f, who, ct) => desk.DecideChangeAsync(number, approve: true, null, who, ct)));
        changes.MapPost("/decline", (string number, HttpContext http, MembershipDesk desk, [AsParameters] Context page) =>
            DecideChangeAsync(http, page, (f, who, ct) => desk.DecideChangeAsync(number, approve: false, f["reason"], who, ct)));
        members.MapGet("/registry.csv", MembershipEndpoints.ExportAsync).RequireAuthorization(StaffPolicies.OnConsole(StaffPolicies.Admin));
        members.MapGet("/stats", StatsAsync);
        members.MapGet("/check", CheckAsync);
        var admin = StaffPolicies.OnConsole(StaffPolicies.Admin);
        members.MapGet("/import", ImportPage.ShowAsync).RequireAuthorization(admin);
        console.MapPost(ImportPage.Upload[ConsoleLayout.Root.Length..], ImportPage.ImportAsync).RequireAuthorization(read, admin);
    }

    /// <summary>What every page here needs, bundled for the handlers.</summary>
    public sealed record Context(ApplicationStore Applications, MemberRegistry Registry, MembershipOptions Options, FormTokens Tokens, TimeProvider Time);

    private static async Task<IResult> ListAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var status = MembershipLabels.Parse(http.Request.Query["status"]) ?? ApplicationStatus.Pending;
        var token = await page.Tokens.IssueAsync(http, ct);
        var list = await page.Applications.ListAsync(status, ct);
        var rows = list.Select(a => Html.Of($"""
            <tr><td data-label="编号"><a href="{Root}/applications/{a.Id}">{a.Id}</a></td><td data-label="姓名">{a.Name}</td>
            <td data-label="单位" class="title">{a.Employer}</td><td data-label="提交"><time>{ConsoleLayout.Time(a.SubmittedAt)}</time></td>
            <td data-label="状态"><span class="state {MembershipLabels.Css(a.Status)}">{MembershipLabels.Of(a.Status)}</span></td></tr>
            """));
        var body = Html.Of($"""
            {Tabs(status.ToString())}
            {(list.Count == 0
                ? Html.Of($"""<section class="muted">没有{MembershipLabels.Of(status)}的入会申请。职工在公众号回复“入会”即可在线申请。</section>""")
                : Html.Of($"""<div class="scroll"><table class="list"><thead><tr><th>编号</th><th>姓名</th><th>单位</th><th>提交时间</th><th>状态</th></tr></thead><tbody>{rows}</tbody></table></div>"""))}
            """);
        return ConsoleLayout.Page("入会申请", body, http.User, token);
    }

    private static async Task<IResult> ShowAsync(string id, HttpContext http, [AsParameters] Context page, CancellationToken ct) =>
        await RenderAsync(id, http, page, http.Request.Query["done"].ToString() is { Length: > 0 } done ? Done(done) : null, null, StatusCodes.Status200OK, ct);

    private static string Done(string action) => action switch
    {
        "approve" => "已批准入会，已通知职工。",
        "decline" => "已不予通过，已通知职工。",
        _ => "已请职工补充，已通知职工。",
    };

    internal static async Task<IResult> RenderAsync(string id, HttpContext http, Context page, string? done, string? error, int status, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var a = await page.Applications.GetAsync(id, ct);
        if (a is null)
        {
            return ConsoleLayout.Page("入会申请", Html.Of($"""<section class="error" role="alert">没有找到这份申请。</section>{Tabs(null)}"""), http.User, token, StatusCodes.Status404NotFound);
        }
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null ? Html.Of($"""<section class="ok" role="status">{done}</section>""") : Markup.Empty;
        var mobile = http.User.IsAdmin() ? a.Mobile : JoinRules.Mask(a.Mobile);
        var history = a.History.Select(e => Html.Of($"""<li{(e.Actor == CaseFiling.WorkerActor ? Html.Of($" class=\"worker\"") : Markup.Empty)}><time>{ConsoleLayout.Time(e.At)}</time> · {e.Actor}<div class="text">{e.Action}</div></li>"""));
        var unions = page.Options.Choices.Select((u, i) => Html.Of($"""<option{(i == 0 ? Html.Of($" selected") : Markup.Empty)}>{u}</option>"""));
        var actions = a.IsOpen && http.User.CanWrite() ? Html.Of($"""
            <h2>处理</h2>
            <section>
            {ConsoleLayout.Form($"{Root}/applications/{a.Id}/approve", token, Html.Of($"""
                <label>批准入会，所属工会<select name="union">{unions}</select></label>
                <p><button class="primary" type="submit">批准入会</button></p>
                """), "form")}
            </section>
            <section>
            {ConsoleLayout.Form($"{Root}/applications/{a.Id}/ask", token, Html.Of($"""
                <label>请职工补充（职工会在公众号收到这段话）<textarea name="question" maxlength="{JoinRules.NoteMax}" required></textarea></label>
                <p><button class="danger" type="submit">请职工补充</button></p>
                """))}
            </section>
            <section>
            {ConsoleLayout.Form($"{Root}/applications/{a.Id}/decline", token, Html.Of($"""
                <label>不予通过的原因（职工会收到）<textarea name="reason" maxlength="{JoinRules.NoteMax}" required></textarea></label>
                <p><button class="danger" type="submit">不予通过</button></p>
                """))}
            </section>
            """)
            : a is { Status: ApplicationStatus.Approved, MemberNumber: null } && http.User.CanWrite() ? Html.Of($"""
            <section class="error">已批准，但会员登记没有完成（存储暂时不可用）。{ConsoleLayout.Form($"{Root}/applications/{a.Id}/approve", token, Html.Of($"""<button class="primary" type="submit">完成登记</button>"""))}</section>
            """) : Markup.Empty;
        var body = Html.Of($"""
            {flash}
            <p><a href="{Root}/?status={a.Status}">← 返回{MembershipLabels.Of(a.Status)}列表</a></p>
            <section>
            <table class="fields">
            <tr><th>申请编号</th><td>{a.Id}</td></tr>
            <tr><th>状态</th><td><span class="state {MembershipLabels.Css(a.Status)}">{MembershipLabels.Of(a.Status)}</span></td></tr>
            <tr><th>姓名</th><td>{a.Name}</td></tr>
            <tr><th>手机</th><td>{mobile}{(http.User.IsAdmin() ? Markup.Empty : Html.Of($"""<span class="muted">（仅管理员可见完整号码）</span>"""))}</td></tr>
            <tr><th>工作单位</th><td>{a.Employer}</td></tr>
            <tr><th>岗位</th><td>{a.Job}</td></tr>
            <tr><th>单位工会</th><td>{a.EmployerUnion}</td></tr>
            <tr><th>提交时间</th><td>{ConsoleLayout.Time(a.SubmittedAt)}</td></tr>
            {(a.Union is null ? Markup.Empty : Html.Of($"<tr><th>所属工会</th><td>{a.Union}</td></tr>"))}
            {(a.MemberNumber is null ? Markup.Empty : Html.Of($"<tr><th>会员号</th><td>{a.MemberNumber}</td></tr>"))}
            {(a.Note is null ? Markup.Empty : Html.Of($"""<tr><th>{(a.Status == ApplicationStatus.Declined ? "未通过原因" : "请补充")}</th><td class="text">{a.Note}</td></tr>"""))}
            </table>
            </section>
            {actions}
            <h2>记录</h2>
            <section><ol class="history">{history}</ol></section>
            """);
        return ConsoleLayout.Page("入会申请 " + a.Id, body, http.User, token, status);
    }

    private static async Task<IResult> DecideAsync(string id, HttpContext http, Context page,
        Func<IFormCollection, string, CancellationToken, Task<DecisionOutcome>> decide)
    {
        var ct = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await decide(form, http.User.StaffName(), ct);
        if (outcome.Refusal is { } refusal)
        {
            var status = refusal.Code switch { "not-found" => StatusCodes.Status404NotFound, "decided" => StatusCodes.Status409Conflict, _ => StatusCodes.Status400BadRequest };
            return await RenderAsync(id, http, page, null, refusal.Reason, status, ct);
        }
        var action = http.Request.Path.Value?.Split('/')[^1] ?? "";
        http.Response.Headers.Location = $"{Root}/applications/{Uri.EscapeDataString(id)}?done={action}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> RegistryAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var registry = (await page.Registry.ListAsync(ct)).Where(r => r.Active).OrderByDescending(r => r.Since).ToList();
        var admin = http.User.IsAdmin();
        var rows = registry.Take(ApplicationStore.ListMax).Select(r => Html.Of($"""
            <tr><td data-label="会员号">{r.Number}</td><td data-label="姓名">{r.Name}</td><td data-label="手机">{(admin ? r.Mobile : JoinRules.Mask(r.Mobile))}</td>
            <td data-label="工会" class="title">{r.Union}</td><td data-label="入会">{ChinaTime.Format(r.Since, "yyyy-MM-dd")}</td></tr>
            """));
        var body = Html.Of($"""
            {Tabs("registry")}
            <p class="muted">共 {registry.Count} 名会员{(registry.Count > ApplicationStore.ListMax ? $"，这里列出最近入会的 {ApplicationStore.ListMax} 名" : "")}。
            {(admin ? Html.Of($"""<a href="{Root}/registry.csv">导出会员名册（CSV，可用 Excel 打开）</a>""") : Html.Of($"导出名册需要管理员权限。"))}</p>
            <div class="scroll"><table class="list"><thead><tr><th>会员号</th><th>姓名</th><th>手机</th><th>所属工会</th><th>入会日期</th></tr></thead><tbody>{rows}</tbody></table></div>
            """);
        return ConsoleLayout.Page("会员名册", body, http.User, token);
    }

    private static async Task<IResult> ChangesAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct) =>
        await RenderChangesAsync(http, page, http.Request.Query["done"] == "1" ? "已办理，已通知会员。" : null, null, StatusCodes.Status200OK, ct);

    private static async Task<IResult> RenderChangesAsync(HttpContext http, Context page, string? done, string? error, int status, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var open = (await page.Registry.ListAsync(ct)).Where(r => r is { Active: true, Change: not null }).OrderBy(r => r.Change!.At).ToList();
        var write = http.User.CanWrite();
        var items = open.Select(r => Html.Of($"""
            <section>
            <p><b>{MemberRegistry.Name(r.Change!.Kind)}</b> · {r.Name} · 会员号 {r.Number} · <time>{ConsoleLayout.Time(r.Change.At)}</time></p>
            <p>{(r.Change.Kind == ChangeKind.Transfer ? $"{r.Union} → {r.Change.ToUnion}" : $"现属{r.Union}，申请退出工会")}</p>
            {(r.Change.Note is { } note ? Html.Of($"""<p class="text">原因：{note}</p>""") : Markup.Empty)}
            {(write ? Html.Of($"""
                <div class="actions">
                {ConsoleLayout.Form($"{Root}/changes/{r.Number}/approve", token, Html.Of($"""<button class="primary" type="submit">同意{MemberRegistry.Name(r.Change.Kind)}</button>"""))}
                </div>
                {ConsoleLayout.Form($"{Root}/changes/{r.Number}/decline", token, Html.Of($"""
                    <label>不能办理的原因（会员会收到）<textarea name="reason" maxlength="{JoinRules.NoteMax}" required></textarea></label>
                    <p><button class="danger" type="submit">不同意</button></p>
                    """))}
                """) : Markup.Empty)}
            </section>
            """));
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null ? Html.Of($"""<section class="ok" role="status">{done}</section>""") : Markup.Empty;
        var body = Html.Of($"""
            {Tabs("changes")}
            {flash}
            {(open.Count == 0 ? Html.Of($"""<section class="muted">没有待办理的转会或退会申请。会员在电子会员卡页面提交。</section>""") : Html.Of($"{items}"))}
            """);
        return ConsoleLayout.Page("转会和退会", body, http.User, token, status);
    }

    private static async Task<IResult> DecideChangeAsync(HttpContext http, Context page,
        Func<IFormCollection, string, CancellationToken, Task<(Registration? Registration, Platform.Hosting.Refusal? Refusal)>> decide)
    {
        var ct = http.RequestAborted;
        var form = await http.Request.ReadFormAsync(ct);
        var (_, refusal) = await decide(form, http.User.StaffName(), ct);
        if (refusal is not null)
        {
            return await RenderChangesAsync(http, page, null, refusal.Reason, refusal.Code == "not-found" ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, ct);
        }
        http.Response.Headers.Location = $"{Root}/changes?done=1";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> StatsAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        var report = MembershipStatistics.Compute(await page.Registry.ListAsync(ct), page.Time.GetUtcNow());
        var labels = report.Months.Select(m => m.Month[4..] + "月").ToList();
        IReadOnlyList<(string, IReadOnlyList<int>)> series = [("新入会", report.Months.Select(m => m.Joined).ToList())];
        var unions = report.Unions.Select(u => Html.Of($"""<tr><td>{u.Union}</td><td class="num">{u.Members}</td></tr>"""));
        var months = report.Months.Select(m => Html.Of($"""<tr><td>{m.Month[..4]}年{m.Month[4..]}月</td><td class="num">{m.Joined}</td></tr>"""));
        var body = Html.Of($"""
            {Tabs("stats")}
            <div class="figures">
            <div>在册会员<b>{report.Members}</b></div>
            <div>本月新入会<b>{report.Months[^1].Joined}</b></div>
            <div>已退会<b>{report.Left}</b></div>
            </div>
            <h2>每月新入会</h2>
            <section><div class="chart-wide">{SvgCharts.StackedColumns("每月新入会", labels, series)}</div><div class="chart-narrow">{SvgCharts.StackedColumns("每月新入会", labels, series, width: 360)}</div>
            <table><thead><tr><th>月份</th><th class="num">新入会</th></tr></thead><tbody>{months}</tbody></table></section>
            <h2>按所属工会</h2>
            <section><table><thead><tr><th>工会</th><th class="num">在册会员</th></tr></thead><tbody>{unions}</tbody></table></section>
            """);
        return ConsoleLayout.Page("会员统计", body, http.User, token);
    }

    // A GET form: checking a card changes nothing, so it needs no form token and a phone's back button just works.
    private static async Task<IResult> CheckAsync(HttpContext http, [AsParameters] Context page, CancellationToken ct)
    {
        var query = http.Request.Query;
        if (!query.ContainsKey("number"))
        {
            return await CheckPageAsync(http, page, null, null);
        }
        var number = query["number"].ToString().Trim();
        return await CheckPageAsync(http, page, number, await page.Registry.CheckCardAsync(number, query["code"].ToString().Trim(), ct));
    }

    private static async Task<IResult> CheckPageAsync(HttpContext http, Context page, string? number, Registration? found)
    {
        var token = await page.Tokens.IssueAsync(http, http.RequestAborted);
        var result = number is null ? Markup.Empty
            : found is not null ? Html.Of($"""<section class="ok" role="status"><b>有效会员</b><br>{found.Name} · 会员号 {found.Number}<br>{found.Union} · {ChinaTime.Format(found.Since, "yyyy年M月d日")}入会</section>""")
            : Html.Of($"""<section class="error" role="alert"><b>核验未通过</b><br>会员号或核验码不对，或核验码已过期（每天更新）。请会员刷新会员卡页面后再试。</section>""");
        var body = Html.Of($"""
            {Tabs("check")}
            {result}
            <section>
            <form method="get" action="{Root}/check" class="form">
            <label>会员号<input name="number" inputmode="numeric" maxlength="10" value="{number}" required></label>
            <label>核验码（会员卡上的 6 位数字）<input name="code" inputmode="numeric" maxlength="6" autocomplete="off" required></label>
            <p><button class="primary" type="submit">核验</button></p>
            </form>
            </section>
            <p class="muted">请会员打开公众号里的电子会员卡，核对卡上的会员号和今日核验码。</p>
            """);
        return ConsoleLayout.Page("核验会员卡", body, http.User, token, number is not null && found is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    internal static Markup Tabs(string? on)
    {
        var tabs = MembershipLabels.Lists.Select(s => (Key: s.ToString(), Label: MembershipLabels.Of(s), Href: $"{Root}/?status={s}"))
            .Concat([(Key: "changes", Label: "转会/退会", Href: $"{Root}/changes"), (Key: "registry", Label: "会员名册", Href: $"{Root}/registry"), (Key: "stats", Label: "统计", Href: $"{Root}/stats"), (Key: "check", Label: "核验会员卡", Href: $"{Root}/check"), (Key: "import", Label: "导入名册", Href: $"{Root}/import")])
            .Select(t => Html.Of($"""<li><a href="{t.Href}"{(t.Key == on ? Html.Of($" class=\"on\"") : Markup.Empty)}>{t.Label}</a></li>"""));
        return Html.Of($"""<ul class="chips">{tabs}</ul>""");
    }
}
