using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>How case states and history read to a worker.</summary>
public static class CaseTexts
{
    /// <summary>The one word a worker reads for a state, in 查询, the case list, the history and the reply template.</summary>
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
        "reply" => "工作人员回复：" + WithoutDeliveryNote(ev.Detail),
        "status" => "状态更新：" + WorkerStatus(ev.Detail),
        "rated" => "您的评价：" + ev.Detail,
        _ => ev.Detail.Length > 0 ? ev.Detail : ev.Action,
    };

    // A status line is stored with the staff's word (CaseLabels, as the console shows it); the worker reads their
    // own word for the same state, so 查询's 「当前状态」 and the history never disagree (已办结, not 已关闭).
    private static string WorkerStatus(string staffLabel)
    {
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            if (CaseLabels.Of(status) == staffLabel)
            {
                return Status(status);
            }
        }
        return staffLabel;
    }

    // The desk stores a reply with how it was delivered on its last line (〔已通过公众号消息发送〕) for staff;
    // that is staff's bookkeeping, so the worker reads the reply alone.
    private static string WithoutDeliveryNote(string detail)
    {
        var cut = detail.LastIndexOf("\n〔", StringComparison.Ordinal);
        return cut >= 0 && detail.EndsWith('〕') ? detail[..cut] : detail;
    }
}
