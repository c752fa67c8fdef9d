using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Cases;

/// <summary><c>/api/console/</c>: the queue — counts per status, filters, the matching cases newest first, paged.</summary>
public static class QueuePage
{
    public static async Task<IResult> ShowAsync(HttpContext http, CaseSearch search, Assignees assignees, FormTokens tokens, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var (query, errors) = CaseQuery.Parse(http.Request.Query);
        if (query is null)
        {
            var problems = Html.Join(errors.Select(e => Html.Of($"<li>{e.Key}: {string.Join("; ", e.Value)}</li>")));
            return ConsoleLayout.Page("案件", Html.Of($"""<section class="error"><ul>{problems}</ul><a href="{ConsoleLayout.Root}/">清除筛选</a></section>"""),
                http.User, token, StatusCodes.Status400BadRequest);
        }
        var page = await search.PageAsync(query, ct);
        var body = Html.Of($"""
            {Chips(query, page)}
            {Filters(query, assignees)}
            <p class="muted">共 {page.Total} 件 · <a href="{ConsoleLayout.Root}/cases.csv?{query.ToQueryString()}">导出 CSV</a></p>
            <div class="scroll"><table class="list">
            <thead><tr><th>编号</th><th>状态</th><th>承办人</th><th>期限</th><th>类型 / 类别</th><th>提交时间</th></tr></thead>
            <tbody>{page.Items.Select(Row)}</tbody></table></div>
            {Paging(query, page)}
            """);
        return ConsoleLayout.Page("案件", body, http.User, token);
    }

    private static Markup Chips(CaseQuery query, CaseList page)
    {
        var all = query with { Status = null, Page = 1 };
        var chips = new List<Markup>
        {
            Html.Of($"""<li><a class="{(query.Status is null ? "on" : "")}" href="{ConsoleLayout.Root}/?{all.ToQueryString()}">全部 {page.StatusCounts.Values.Sum()}</a></li>"""),
        };
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            var only = all with { Status = status };
            chips.Add(Html.Of($"""<li><a class="{(query.Status == status ? "on" : "")}" href="{ConsoleLayout.Root}/?{only.ToQueryString()}">{CaseLabels.Of(status)} {page.StatusCounts[status.ToString()]}</a></li>"""));
        }
        return Html.Of($"""<ul class="chips">{chips}</ul>""");
    }

    private static Markup Filters(CaseQuery q, Assignees assignees)
    {
        var kinds = Html.Join(Enum.GetValues<CaseKind>().Select(k =>
            Html.Of($"""<option value="{k}" {(q.Kind == k ? new Markup("selected") : Markup.Empty)}>{CaseLabels.Of(k)}</option>""")));
        return Html.Of($"""
            <form class="inline" method="get" action="{ConsoleLayout.Root}/">
            {(q.Status is { } s ? Html.Of($"""<input type="hidden" name="status" value="{s}">""") : Markup.Empty)}
            <div><label for="kind">类型</label><select id="kind" name="kind"><option value="">全部</option>{kinds}</select></div>
            <div><label for="category">类别</label><select id="category" name="category"><option value="">全部</option>{CategoryOptions(q.Category)}</select></div>
            <div><label for="assignee">承办人</label><select id="assignee" name="assignee"><option value="">全部</option>{AssigneeOptions(q.Assignee, assignees)}</select></div>
            <div><label for="from">从</label><input id="from" name="from" type="date" value="{q.From:yyyy-MM-dd}"></div>
            <div><label for="to">到</label><input id="to" name="to" type="date" value="{q.To:yyyy-MM-dd}"></div>
            <div><label for="q">关键词</label><input id="q" name="q" value="{q.Text}" size="12"></div>
            <button class="primary" type="submit">筛选</button>
            </form>
            """);
    }

    /// <summary>The configured categories, by kind (a category from a link that is not among them stays chosen).</summary>
    private static Markup CategoryOptions(string? current)
    {
        Markup Options(IEnumerable<string> names) =>
            Html.Join(names.Select(n => Html.Of($"""<option value="{n}" {(n == current ? new Markup("selected") : Markup.Empty)}>{n}</option>""")));
        var aid = IntakeRules.AidTypes.Append(IntakeRules.SurveyHelpCategory).ToList();
        var known = IntakeRules.ComplaintCategories.Concat(aid).ToList();
        var other = current is null || known.Contains(current) ? Markup.Empty : Options([current]);
        return Html.Of($"""
            <optgroup label="{CaseLabels.Of(CaseKind.Complaint)}">{Options(IntakeRules.ComplaintCategories)}</optgroup>
            <optgroup label="{CaseLabels.Of(CaseKind.Aid)}">{Options(aid)}</optgroup>{other}
            """);
    }

    /// <summary>未指派 and every assignable staff member; sends 未指派, which the query reads as unassigned.</summary>
    private static Markup AssigneeOptions(string? current, Assignees assignees)
    {
        var names = current is null or CaseQuery.Unassigned || assignees.Names.Contains(current) ? assignees.Names : [.. assignees.Names, current];
        var unassigned = current == CaseQuery.Unassigned ? new Markup("selected") : Markup.Empty;
        return Html.Of($"""
            <option value="{CaseQuery.UnassignedLabel}" {unassigned}>未指派</option>{names.Select(n => Html.Of($"""<option value="{n}" {(n == current ? new Markup("selected") : Markup.Empty)}>{n}</option>"""))}
            """);
    }

    private static Markup Row(StaffCaseView c)
    {
        var late = c.Overdue.Count == 0
            ? Html.Of($"""<span class="muted">{ConsoleLayout.Time(c.ResolutionDue)}</span>""")
            : Html.Of($"""<span class="late">{string.Join("、", c.Overdue.Select(SlaClock.Label))}</span>""");
        return Html.Of($"""
            <tr><td data-label="编号"><a href="{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(c.Number)}">{c.Number}</a></td>
            <td data-label="状态"><span class="status">{CaseLabels.Of(c.Status)}</span></td><td data-label="承办人">{c.Assignee ?? "未指派"}</td><td data-label="期限">{late}</td>
            <td data-label="类型">{CaseLabels.Of(c.Kind)} · {c.Category}</td><td data-label="提交">{ConsoleLayout.Time(c.CreatedAt)}</td></tr>
            """);
    }

    private static Markup Paging(CaseQuery query, CaseList page)
    {
        var pages = (page.Total + page.PageSize - 1) / page.PageSize;
        if (pages <= 1)
        {
            return Markup.Empty;
        }
        var previous = page.Page > 1
            ? Html.Of($"""<a href="{ConsoleLayout.Root}/?{(query with { Page = page.Page - 1 }).ToQueryString(withPaging: true)}">上一页</a>""")
            : Markup.Empty;
        var next = page.Page < pages
            ? Html.Of($"""<a href="{ConsoleLayout.Root}/?{(query with { Page = page.Page + 1 }).ToQueryString(withPaging: true)}">下一页</a>""")
            : Markup.Empty;
        return Html.Of($"""<p>{previous} 第 {page.Page} / {pages} 页 {next}</p>""");
    }
}
