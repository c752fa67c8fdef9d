using System.Globalization;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Cases;

/// <summary><c>/api/console/stats</c>: the figures of <c>GET /api/staff/stats</c>, drawn.</summary>
public static class StatsPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, CaseStatistics statistics, FormTokens tokens, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var (range, errors) = CaseApi.StatsRange(http.Request.Query, statistics);
        if (range is not { } r)
        {
            var problems = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
            return ConsoleLayout.Page("统计", Html.Of($"""<section class="error">{problems}</section>"""), http.User, token, StatusCodes.Status400BadRequest);
        }
        var report = await statistics.ComputeAsync(r.From, r.To, ct);
        var weeks = report.Weeks.Select(w => w.WeekStart.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList();
        var byKind = Enum.GetValues<CaseKind>()
            .Select(k => (CaseLabels.Of(k), (IReadOnlyList<int>)report.Weeks.Select(w => w.ByKind[k.ToString()]).ToList())).ToList();
        var byCategory = report.Categories
            .Select(cat => (cat, (IReadOnlyList<int>)report.Weeks.Select(w => w.ByCategory[cat]).ToList())).ToList();
        var body = Html.Of($"""
            <form class="inline" method="get" action="{ConsoleLayout.Root}/stats">
            <div><label for="from">从</label><input id="from" name="from" type="date" value="{report.From:yyyy-MM-dd}"></div>
            <div><label for="to">到</label><input id="to" name="to" type="date" value="{report.To:yyyy-MM-dd}"></div>
            <button class="primary" type="submit">查看</button>
            </form>
            <div class="figures">
            <div>案件数<b>{report.Cases}</b></div>
            <div>首次响应（中位数）<b>{Hours(report.MedianHoursToFirstResponse)}</b></div>
            <div>办结用时（中位数）<b>{Hours(report.MedianHoursToResolution)}</b></div>
            <div>首次响应按时率<b>{Percent(report.FirstResponseOnTime.Rate)}</b><span class="muted">{report.FirstResponseOnTime.OnTime}/{report.FirstResponseOnTime.Counted}</span></div>
            <div>按时办结率<b>{Percent(report.ResolutionOnTime.Rate)}</b><span class="muted">{report.ResolutionOnTime.OnTime}/{report.ResolutionOnTime.Counted}</span></div>
            <div>满意度<b>{(report.Satisfaction.Average is { } a ? a.ToString("0.0", CultureInfo.InvariantCulture) + " 分" : "—")}</b><span class="muted">满意率 {Percent(report.Satisfaction.SatisfiedRate)}，{report.Satisfaction.Rated} 人评价</span></div>
            </div>
            <h2>每周案件数（按类型）</h2>
            <section id="chart-kind">{Both("每周案件数（按类型）", weeks, byKind)}</section>
            <h2>每周案件数（按类别）</h2>
            <section id="chart-category">{Both("每周案件数（按类别）", weeks, byCategory)}</section>
            <h2>按时率</h2>
            <section>
            <p>首次响应</p>{SvgCharts.Rate("首次响应按时率", report.FirstResponseOnTime.Rate)}
            <p>办结</p>{SvgCharts.Rate("按时办结率", report.ResolutionOnTime.Rate)}
            <p>满意率（4–5 分）</p>{SvgCharts.Rate("满意率", report.Satisfaction.SatisfiedRate)}
            </section>
            <p class="muted">合并的重复事项不计入。<a href="{ConsoleLayout.Root}/cases.csv?from={report.From:yyyy-MM-dd}&amp;to={report.To:yyyy-MM-dd}">导出这段时间提交的案件（CSV，可用 Excel 打开）</a></p>
            """);
        return ConsoleLayout.Page("统计", body, http.User, token);
    }

    // A desktop and a phone drawing of one chart; the stylesheet shows the one that fits the screen (no script).
    private static Markup Both(string title, IReadOnlyList<string> weeks, IReadOnlyList<(string, IReadOnlyList<int>)> series) => Html.Of($"""
        <div class="chart-wide">{SvgCharts.StackedColumns(title, weeks, series)}</div><div class="chart-narrow">{SvgCharts.StackedColumns(title, weeks, series, width: 360)}</div>
        """);

    private static string Hours(double? hours) => hours switch
    {
        null => "—",
        < 48 => hours.Value.ToString("0.#", CultureInfo.InvariantCulture) + " 小时",
        _ => (hours.Value / 24).ToString("0.#", CultureInfo.InvariantCulture) + " 天",
    };

    private static string Percent(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "—";
}
