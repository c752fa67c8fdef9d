using System.Globalization;
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
            <section><table class="fields">
            <tr><th>类型 / 类别</th><td>{CaseLabels.Of(c.Kind)} · {c.Category}</td></tr>
            <tr><th>状态</th><td><span class="status">{CaseLabels.Of(c.Status)}</span></td></tr>
            <tr><th>优先级 / 办理级别</th><td>{CaseLabels.Of(c.Priority)} · {CaseLabels.Of(c.Tier)}</td></tr>
            <tr><th>承办人</th><td>{c.Assignee ?? "未指派"}{(c.Team is null ? Markup.Empty : Html.Of($"（转办：{c.Team}）"))}</td></tr>
            <tr><th>提交时间</th><td>{ConsoleLayout.Time(c.CreatedAt)}</td></tr>
            <tr><th>首次响应</th><td>{ConsoleLayout.Time(c.FirstResponseAt)} <span class="muted">期限 {ConsoleLayout.Time(c.FirstResponseDue)}</span></td></tr>
            <tr><th>办结</th><td>{ConsoleLayout.Time(c.ResolvedAt)} <span class="muted">期限 {ConsoleLayout.Time(c.ResolutionDue)}</span></td></tr>
            {late}{merged}{worker}
            <tr><th>单位</th><td>{c.Employer ?? "—"}</td></tr>
            <tr><th>诉求</th><td class="text" id="description">{c.Description}</td></tr>
            <tr><th>证据</th><td>{Evidence(c)}</td></tr>
            {rating}
            </table></section>
            """);
    }

    private static Markup Actions(StaffCaseDetail detail, string token, Assignees assignees)
    {
        var c = detail.Case;
        var root = $"{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(c.Number)}";
        var staffNames = AssigneeOptions(assignees, c.Assignee);
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
                <div><label for="assignee">承办人</label><select id="assignee" name="assignee"><option value="" {(c.Assignee is null ? new Markup("selected") : Markup.Empty)}>未指派</option>{staffNames}</select></div>
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

    /// <summary>
    /// The staff a case can go to, the current one selected; a current assignee no longer among them (a key since
    /// removed) stays a choice, so saving the form never unassigns the case by surprise.
    /// </summary>
    private static Markup AssigneeOptions(Assignees assignees, string? current)
    {
        IReadOnlyList<string> names = current is null || assignees.Names.Contains(current) ? assignees.Names : [.. assignees.Names, current];
        return Html.Join(names.Select(n => Html.Of($"""<option value="{n}" {(n == current ? new Markup("selected") : Markup.Empty)}>{n}</option>""")));
    }

    /// <summary>
    /// Each kept file in place: photos shown, voice and video playable when the browser can play the format, else a
    /// download with a note. Every file comes through the evidence route, which records each view in the history.
    /// </summary>
    private static Markup Evidence(StaffCaseView c)
    {
        if (c.Evidence.Count == 0)
        {
            return Html.Of($"无");
        }
        var root = $"{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(c.Number)}/evidence";
        var items = Enumerable.Range(0, c.Evidence.Count).Select(i =>
        {
            var id = (i + 1).ToString(CultureInfo.InvariantCulture);
            var kind = c.Evidence[i].StartsWith("voice:", StringComparison.Ordinal) ? "语音" : "照片";
            if (c.EvidenceFiles.FirstOrDefault(f => f.Id == id) is not { } file)
            {
                return Html.Of($"""<li><span class="muted">第{id}份（{kind}）尚未保存：正在从微信取回，或微信已不再提供。</span></li>""");
            }
            var url = $"{root}/{id}";
            var type = EvidenceViewer.MediaType(file.ContentType);
            var shown = !EvidenceViewer.ShowsInBrowser(type)
                ? type.StartsWith("audio/", StringComparison.Ordinal)
                    ? Html.Of($"""<p class="muted">这是微信语音（{Format(type)} 格式），浏览器无法直接播放，请点“下载”后用手机或播放器打开。</p>""")
                    : Html.Of($"""<p class="muted">此文件无法在浏览器中显示，请点“下载”查看。</p>""")
                : type.StartsWith("image/", StringComparison.Ordinal)
                    ? Html.Of($"""<a href="{url}"><img src="{url}" alt="第{id}份证据（照片）"></a>""")
                    // preload=none: a recording is fetched (and its view recorded) only when someone presses play.
                    : type.StartsWith("video/", StringComparison.Ordinal)
                        ? Html.Of($"""<video controls preload="none" src="{url}">第{id}份证据（视频）</video>""")
                        : Html.Of($"""<audio controls preload="none" src="{url}">第{id}份证据（语音）</audio>""");
            return Html.Of($"""
                <li>{shown}<div class="muted">第{id}份{kind} · {Size(file.Length)} · 保存于 {ConsoleLayout.Time(file.KeptAt)} · <a href="{url}?download=1">下载</a></div>
                <div class="muted hash">SHA-256 {file.Sha256}</div></li>
                """);
        });
        return Html.Of($"""<ul class="evidence">{items}</ul><p class="muted">共 {c.Evidence.Count} 份。每次查看或下载都会记入办理记录。</p>""");
    }

    private static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, bytes / 1024)} KB"
        : (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string Format(string type) => type switch
    {
        "audio/amr" => "AMR",
        "audio/speex" or "audio/x-speex" => "Speex",
        _ => type,
    };

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
        "evidence-kept" => "证据已保存",
        EvidenceViewer.ViewedAction => "查看证据",
        EvidenceViewer.MismatchAction => "证据校验失败",
        "escalated" => "督办",
        _ => action,
    };
}
