using System.Globalization;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>How case states and history read to a worker.</summary>
public static class CaseTexts
{

    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.New => "已提交，等待受理",
        CaseStatus.Triaged => "已受理",
        CaseStatus.InProgress => "办理中",
        CaseStatus.WaitingWorker => "等待您补充材料",
        CaseStatus.Resolved => "已办理，待确认",
        CaseStatus.Closed => "已办结",
        _ => status.ToString(),
    };

    public static string Time(DateTimeOffset at) => ChinaTime.Format(at, "MM-dd HH:mm");

    public static string Event(CaseEvent ev) => ev.Action switch
    {
        "created" => "已提交",
        "reply" => "工作人员回复：" + ev.Detail,
        "status" => "状态更新：" + ev.Detail,
        "rated" => "您的评价：" + ev.Detail,
        _ => ev.Detail.Length > 0 ? ev.Detail : ev.Action,
    };
}
