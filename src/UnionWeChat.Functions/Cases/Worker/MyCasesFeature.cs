using System.Text;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Menu;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// 我的案件 / 查询: a worker's own cases, and one case with its progress and staff replies. Another worker's
/// number is answered exactly like a number that does not exist.
/// </summary>
public sealed class MyCasesFeature(CaseStore store) : IChatFeature
{
    public const string Name = "mycases";

    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new(Name, ["查询", "我的案件", "进度"], MenuKeys.MyCases, "查看我提交的事项和办理进度"),
    ];

    public IReadOnlyList<string> Flows { get; } = [];

    public Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct) => Task.FromResult<Reply?>(null);

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        var workerRef = WorkerRef.Of(chat.OpenId);
        if (!string.IsNullOrWhiteSpace(argument))
        {
            return new TextReply(await DescribeAsync(workerRef, argument.Trim().ToUpperInvariant(), ct));
        }
        var cases = await store.ListForWorkerAsync(workerRef, ct);
        if (cases.Count == 0)
        {
            return new TextReply("您还没有提交过投诉或求助。回复“投诉”或“求助”开始。");
        }
        var text = new StringBuilder("您提交的事项：\n");
        foreach (var c in cases.Take(10))
        {
            text.Append(c.Number).Append(' ').Append(c.Category).Append(" — ").Append(CaseTexts.Status(c.Status)).Append('\n');
        }
        if (cases.Count > 10)
        {
            text.Append("（仅显示最近10件，共").Append(cases.Count).Append("件）\n");
        }
        text.Append("回复“查询 编号”查看详情。");
        return new TextReply(text.ToString());
    }

    private async Task<string> DescribeAsync(string workerRef, string number, CancellationToken ct)
    {
        var found = await store.GetAsync(number, ct);
        if (found is null || found.WorkerRef != workerRef)
        {
            return $"没有找到编号为 {Truncate(number)} 的事项，请核对编号后重试。回复“查询”查看您的全部事项。";
        }
        var history = await store.HistoryAsync(number, ct);
        var text = new StringBuilder();
        text.Append(found.Number).Append('（').Append(CaseFiling.KindName(found.Kind)).Append('·').Append(found.Category).Append("）\n");
        text.Append("当前状态：").Append(CaseTexts.Status(found.Status)).Append('\n');
        text.Append("提交时间：").Append(CaseTexts.Time(found.CreatedAt)).Append('\n');
        foreach (var ev in history.Where(e => e.VisibleToWorker))
        {
            text.Append(CaseTexts.Time(ev.At)).Append(' ').Append(CaseTexts.Event(ev)).Append('\n');
        }
        if (found.Status == CaseStatus.Closed && found.Rating is null)
        {
            text.Append("事项已办结，欢迎评价：回复“评价 ").Append(found.Number).Append(" 分数(1-5)”。");
        }
        return text.ToString().TrimEnd();
    }

    private static string Truncate(string s) => s.Length > 20 ? s[..20] + "…" : s;
}
