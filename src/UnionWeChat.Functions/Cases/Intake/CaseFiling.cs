using System.Text;
using UnionWeChat.Functions.Conversation;

namespace UnionWeChat.Functions.Cases;

/// <summary>Turns a confirmed intake dialog into a case, and words the summary and the receipt.</summary>
public sealed class CaseFiling(CaseStore store, EvidenceKeeper evidence, CasesOptions options)
{
    /// <summary>Who the history says filed the case: never an openid.</summary>
    public const string WorkerActor = "职工";

    public async Task<Case> FileAsync(ChatContext chat, DialogState d, CaseKind kind, CancellationToken ct)
    {
        var evidenceIds = (d["evidence"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var filingKey = d["filing"] ?? throw new InvalidOperationException("intake dialog without a filing key");
        var created = await store.CreateAsync(kind, filingKey, number => new Case
        {
            Number = number,
            Kind = kind,
            Category = (kind == CaseKind.Complaint ? d["category"] : d["type"]) ?? "其他",
            CreatedAt = chat.Now,
            UpdatedAt = chat.Now,
            WorkerRef = WorkerRef.Of(chat.OpenId),
            OpenId = chat.OpenId,
            Anonymous = d["anonymous"] == "是",
            Employer = d["employer"],
            Description = d["description"] ?? "",
            Phone = d["phone"],
            Evidence = evidenceIds,
        }, WorkerActor, ct);
        if (evidenceIds.Length > 0)
        {
            evidence.KeepSoon(created.Number, evidenceIds);
        }
        return created;
    }

    public string Receipt(Case c) =>
        $"提交成功！\n您的{KindName(c.Kind)}编号：{c.Number}\n" +
        $"工作人员将在{options.FirstResponseWorkingDays}个工作日内受理并答复您" +
        (c.Anonymous ? "（您选择了匿名，答复会发送到本公众号）" : "") + "。\n" +
        $"回复“查询 {c.Number}”可随时查看办理进度；紧急情况请拨打 12351 职工服务热线。";

    public static string KindName(CaseKind kind) => kind == CaseKind.Complaint ? "投诉" : "求助";

    public static string Summary(CaseKind kind, DialogState d)
    {
        var s = new StringBuilder("请核对您填写的内容：\n");
        if (kind == CaseKind.Complaint)
        {
            s.Append("类别：").Append(d["category"]).Append('\n');
            s.Append("单位：").Append(d["employer"]).Append('\n');
            s.Append("经过：").Append(d["description"]).Append('\n');
        }
        else
        {
            s.Append("类型：").Append(d["type"]).Append('\n');
            s.Append("情况：").Append(d["description"]).Append('\n');
        }
        s.Append("电话：").Append(d["phone"] ?? "未留").Append('\n');
        var evidenceCount = (d["evidence"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Length;
        s.Append("证据材料：").Append(evidenceCount).Append('份');
        if (kind == CaseKind.Complaint)
        {
            s.Append("\n匿名：").Append(d["anonymous"]);
        }
        return s.ToString();
    }
}
