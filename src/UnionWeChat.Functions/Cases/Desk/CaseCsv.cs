using System.Globalization;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// The case export (<see cref="Csv"/>). Built from <see cref="StaffCaseView"/>, so anonymous cases carry no worker
/// reference and no phone.
/// </summary>
public static class CaseCsv
{
    private static readonly string[] Header =
    [
        "编号", "类型", "类别", "状态", "优先级", "办理级别", "承办人", "转办单位", "提交时间", "首次响应", "办结时间", "关闭时间",
        "首次响应期限", "办结期限", "超时", "匿名", "职工编号", "联系电话", "单位", "描述", "评分", "评价", "合并至",
    ];

    public static byte[] Write(IEnumerable<StaffCaseView> cases) => Csv.Write(Header, cases.Select(c => (IReadOnlyList<string?>)
    [
        c.Number, CaseLabels.Of(c.Kind), c.Category, CaseLabels.Of(c.Status), CaseLabels.Of(c.Priority), CaseLabels.Of(c.Tier),
        c.Assignee, c.Team, Time(c.CreatedAt), Time(c.FirstResponseAt), Time(c.ResolvedAt), Time(c.ClosedAt),
        Time(c.FirstResponseDue), Time(c.ResolutionDue), string.Join(" ", c.Overdue.Select(SlaClock.Label)),
        c.Anonymous ? "是" : "否", c.WorkerRef, c.Phone, c.Employer, c.Description,
        c.Rating?.ToString(CultureInfo.InvariantCulture), c.RatingComment, c.MergedInto,
    ]));

    private static string? Time(DateTimeOffset? at) =>
        at is { } t ? ChinaTime.Minute(t) : null;
}
