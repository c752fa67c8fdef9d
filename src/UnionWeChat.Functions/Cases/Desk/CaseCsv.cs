using System.Globalization;
using System.Text;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The case export: UTF-8 with a byte-order mark, which is how Excel knows to read Chinese correctly. Built from
/// <see cref="StaffCaseView"/>, so anonymous cases carry no worker reference and no phone. Cells a spreadsheet
/// would run as a formula (=, +, -, @) are prefixed with an apostrophe.
/// </summary>
public static class CaseCsv
{
    private static readonly string[] Header =
    [
        "编号", "类型", "类别", "状态", "优先级", "办理级别", "承办人", "转办单位", "提交时间", "首次响应", "办结时间", "关闭时间",
        "首次响应期限", "办结期限", "超时", "匿名", "职工编号", "联系电话", "单位", "描述", "评分", "评价", "合并至",
    ];

    public static byte[] Write(IEnumerable<StaffCaseView> cases)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var c in cases)
        {
            Line(csv,
            [
                c.Number, CaseLabels.Of(c.Kind), c.Category, CaseLabels.Of(c.Status), CaseLabels.Of(c.Priority), CaseLabels.Of(c.Tier),
                c.Assignee, c.Team, Time(c.CreatedAt), Time(c.FirstResponseAt), Time(c.ResolvedAt), Time(c.ClosedAt),
                Time(c.FirstResponseDue), Time(c.ResolutionDue), string.Join(" ", c.Overdue.Select(SlaClock.Label)),
                c.Anonymous ? "是" : "否", c.WorkerRef, c.Phone, c.Employer, c.Description,
                c.Rating?.ToString(CultureInfo.InvariantCulture), c.RatingComment, c.MergedInto,
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IEnumerable<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    // RFC 4180 quoting, and no cell that a spreadsheet would evaluate.
    private static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string? Time(DateTimeOffset? at) =>
        at is { } t ? ChinaTime.Minute(t) : null;
}
