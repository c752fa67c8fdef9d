using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// <c>/api/console/cases/{number}</c>: the case, its history, and (for triage and admin) the reply box and every
/// action. Everything the worker wrote is encoded; an anonymous case shows no worker reference and no phone.
/// </summary>
public static class CasePage
{
    private static readonly Dictionary<string, string> DoneMessages = new()
    {
        ["reply"] = "回复已记录。",
        ["assign"] = "指派已保存。",
        ["status"] = "状态已更新。",
        ["priority"] = "优先级已更新。",
        ["note"] = "备注已保存。",
        ["transfer"] = "已转办。",
        ["transfer-result"] = "转办反馈已记录。",
        ["merge"] = "已合并。",
    };

    public static Task<IResult> ShowAsync(string number, HttpContext http, CaseStore cases, SlaClock clock, TimeProvider time,
        FormTokens tokens, Assignees assignees, CancellationToken ct) =>
        RenderAsync(number, http, cases, clock, time, tokens, assignees, http.Request.Query["done"].ToString(), null, StatusCodes.Status200OK, ct);

    public static async Task<IResult> RenderAsync(string number, HttpContext http, CaseStore cases, SlaClock clock, TimeProvider time,
        FormTokens tokens, Assignees assignees, string? done, string? error, int status, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var detail = await CaseApi.DetailAsync(number, cases, clock, time, ct);
        if (detail is null)
        {
            return ConsoleLayout.Page("找不到案件", Html.Of($"""<section class="error">没有编号为 {number} 的案件。 <a href="{ConsoleLayout.Root}/">返回案件列表</a></section>"""),
                http.User, token, StatusCodes.Status404NotFound);
        }
        var c = detail.Case;
        var flash = error is not null
            ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null && DoneMessages.TryGetValue(done, out var message) ? Html.Of($"""<section class="ok" role="status">{message}</section>""") : Markup.Empty;
        var actions = http.User.CanWrite() && c.MergedInto is null ? Actions(detail, token, assignees) : Markup.Empty;
        var body = Html.Of($"""
            {flash}
            {Summary(c)}
            {actions}
            <h2>办理记录</h2>
            <ol class="history">{detail.History.Select(Event)}</ol>
            """);
        return ConsoleLayout.Page(c.Number, body, http.User, token, status);
    }

    private static Markup Summary(StaffCaseView c)
    {
        var worker = c.Anonymous
            ? Html.Of($"""<tr><th>职工</th><td>匿名（不显示职工身份）</td></tr>""")
            : Html.Of($"""<tr><th>职工编号</th><td>{c.WorkerRef}</td></tr><tr><th>联系电话</th><td>{c.Phone ?? "—"}</td></tr>""");
        var late = c.Overdue.Count == 0 ? Markup.Empty
            : Html.Of($"""<tr><th>超时</th><td class="late">{string.Join("、", c.Overdue.Select(SlaClock.Label))}</td></tr>""");
        var merged = c.MergedInto is null ? Markup.Empty
            : Html.Of($"""<tr><th>合并至</th><td><a href="{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(c.MergedInto)}">{c.MergedInto}</a></td></tr>""");
        var rating = c.Rating is null ? Markup.Empty : Html.Of($"""<tr><th>评价</th><td>{c.Rating} 分 {c.RatingComment}</td></tr>""");
        return Html.Of($"""
            <section><div class="scroll"><table>
            <tr><th>类型 / 类别</th><td>{CaseLabels.Of(c.Kind)} · {c.Category}</td></tr>
            <tr><th>状态</th><td>{CaseLabels.Of(c.Status)}</td></tr>
            <tr><th>优先级 / 办理级别</th><td>{CaseLabels.Of(c.Priority)} · {CaseLabels.Of(c.Tier)}</td></tr>
            <tr><th>承办人</th><td>{c.Assignee ?? "未指派"}{(c.Team is null ? Markup.Empty : Html.Of($"（转办：{c.Team}）"))}</td></tr>
            <tr><th>提交时间</th><td>{ConsoleLayout.Time(c.CreatedAt)}</td></tr>
            <tr><th>首次响应</th><td>{ConsoleLayout.Time(c.FirstResponseAt)} <span class="muted">期限 {ConsoleLayout.Time(c.FirstResponseDue)}</span></td></tr>
            <tr><th>办结</th><td>{ConsoleLayout.Time(c.ResolvedAt)} <span class="muted">期限 {ConsoleLayout.Time(c.ResolutionDue)}</span></td></tr>
            {late}{merged}{worker}
            <tr><th>单位</th><td>{c.Employer ?? "—"}</td></tr>
            <tr><th>诉求</th><td class="text" id="description">{c.Description}</td></tr>
            <tr><th>证据</th><td>{c.Evidence.Count} 件</td></tr>
            {rating}
            </table></div></section>
            """);
    }

    private static Markup Actions(StaffCaseDetail detail, string token, Assignees assignees)
    {
        var c = detail.Case;
        var root = $"{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(c.Number)}";
        var staffNames = Html.Join(assignees.Names.Select(n => Html.Of($"""<option value="{n}"></option>""")));
        var statuses = Html.Join(detail.NextStatuses.Select(s => Html.Of($"""<option value="{s}">{CaseLabels.Of(s)}</option>""")));
        var priorities = Html.Join(Enum.GetValues<CasePriority>().Select(p =>
            Html.Of($"""<option value="{p}" {(p == c.Priority ? new Markup("selected") : Markup.Empty)}>{CaseLabels.Of(p)}</option>""")));
        var tiers = Html.Join(Enum.GetValues<SlaTier>().Select(t =>
            Html.Of($"""<option value="{t}" {(t == c.Tier ? new Markup("selected") : Markup.Empty)}>{CaseLabels.Of(t)}</option>""")));
        var statusForm = detail.NextStatuses.Count == 0 ? Markup.Empty : ConsoleLayout.Form($"{root}/status", token, Html.Of($"""
            <div><label for="status">状态</label><select id="status" name="status">{statuses}</select></div>
            <div><label for="status-note">内部备注（可选）</label><input id="status-note" name="note" maxlength="{CaseDesk.MaxTextLength}"></div>
            <button class="primary" type="submit">更新状态</button>
            """), "inline");
        var transferResult = c.Team is null ? Markup.Empty : ConsoleLayout.Form($"{root}/transfer-result", token, Html.Of($"""
            <div><label for="result">{c.Team} 的反馈</label><input id="result" name="result" required maxlength="{CaseDesk.MaxTextLength}"></div>
            <button class="primary" type="submit">记录反馈</button>
            """), "inline");
        return Html.Of($"""
            <section><h2>回复职工</h2>
            {ConsoleLayout.Form($"{root}/reply", token, Html.Of($"""
                <label for="reply">回复内容（职工在微信中收到，并可在“查询”中查看）</label>
                <textarea id="reply" name="text" required maxlength="{CaseDesk.MaxTextLength}"></textarea>
                <p><button class="primary" type="submit">发送回复</button></p>
                """))}
            </section>
            <section><h2>办理</h2>
            {ConsoleLayout.Form($"{root}/assign", token, Html.Of($"""
                <div><label for="assignee">承办人（留空为取消指派）</label><input id="assignee" name="assignee" list="staff-names" value="{c.Assignee}" maxlength="{CaseDesk.MaxNameLength}"></div>
                <datalist id="staff-names">{staffNames}</datalist>
                <button class="primary" type="submit">指派</button>
                """), "inline")}
            {statusForm}
            {ConsoleLayout.Form($"{root}/priority", token, Html.Of($"""
                <div><label for="priority">优先级</label><select id="priority" name="priority">{priorities}</select></div>
                <div><label for="tier">办理级别</label><select id="tier" name="tier">{tiers}</select></div>
                <button class="primary" type="submit">保存</button>
                """), "inline")}
            {ConsoleLayout.Form($"{root}/notes", token, Html.Of($"""
                <label for="note">内部备注（职工看不到）</label><textarea id="note" name="text" required maxlength="{CaseDesk.MaxTextLength}"></textarea>
                <p><button class="primary" type="submit">保存备注</button></p>
                """))}
            {ConsoleLayout.Form($"{root}/transfer", token, Html.Of($"""
                <div><label for="team">转办至（部门或下级工会）</label><input id="team" name="team" required maxlength="{CaseDesk.MaxNameLength}"></div>
                <div><label for="transfer-note">内部说明（可选）</label><input id="transfer-note" name="note" maxlength="{CaseDesk.MaxTextLength}"></div>
                <button class="primary" type="submit">转办</button>
                """), "inline")}
            {transferResult}
            {ConsoleLayout.Form($"{root}/merge", token, Html.Of($"""
                <div><label for="into">合并到案件（本案为重复事项）</label><input id="into" name="into" required placeholder="TS-20261121-0042" size="18"></div>
                <button class="primary" type="submit">合并</button>
                """), "inline")}
            </section>
            """);
    }

    private static Markup Event(StaffCaseEvent e)
    {
        var seen = e.VisibleToWorker ? Html.Of($"""<span class="muted">· 职工可见</span>""") : Html.Of($"""<span class="muted">· 内部</span>""");
        return Html.Of($"""
            <li class="{(e.VisibleToWorker ? "worker" : "")}"><div class="muted">{ConsoleLayout.Time(e.At)} · {e.Actor} · {ActionLabel(e.Action)} {seen}</div>
            <div class="text">{e.Detail}</div></li>
            """);
    }

    public static string ActionLabel(string action) => action switch
    {
        "created" => "提交",
        "assigned" => "指派",
        "unassigned" => "取消指派",
        "status" => "状态变更",
        "priority" => "优先级",
        "note" => "内部备注",
        "reply" => "回复职工",
        "transfer" => "转办",
        "transfer-result" => "转办反馈",
        "merged" => "合并",
        "merged-from" => "合并",
        "sla-breach" => "超时",
        "escalated" => "督办",
        _ => action,
    };
}
