using System.Globalization;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// 回访: after staff close a case the worker is asked to rate it, 1–5 with an optional comment. They answer right
/// away (a "rate" dialog holds the case number) or later with "评价 编号 分数 意见". Only their own closed cases.
/// </summary>
public sealed class RatingFeature(CaseStore store, DialogStore dialogs, TimeProvider time) : IChatFeature
{
    public const string Flow = "rate";
    public const int CommentMax = 200;

    public IReadOnlyList<ChatCommand> Commands { get; } = [new(Flow, ["评价"], null, "评价已办结的事项")];

    public IReadOnlyList<string> Flows { get; } = [Flow];

    /// <summary>What the question is headed with when it is pushed (a staff reply is headed 工作人员回复).</summary>
    public const string Heading = "办结回访：";

    /// <summary>The question sent when a case closes; also opens the dialog so a bare "5" is understood.</summary>
    public static string Question(string number) =>
        $"您的事项 {number} 已办结。请为本次办理打分：回复 1 到 5 的数字（5 为非常满意），可在数字后附上意见，例如“5 处理及时”。";

    /// <summary>Opens the rating dialog for the case's worker (called when staff close it).</summary>
    public async Task OpenAsync(Case closed, CancellationToken ct) =>
        await dialogs.SaveAsync(closed.OpenId, DialogState.Start(Flow, "score", time.GetUtcNow()).With("score", "number", closed.Number), ct);

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return new TextReply("请按“评价 编号 分数 意见”回复，例如：评价 TS-20261121-0001 5 处理及时");
        }
        return new TextReply((await RateAsync(chat, parts[0].ToUpperInvariant(), parts[1], ct)).Text);
    }

    public async Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        var (done, text) = await RateAsync(chat, dialog["number"] ?? "", chat.Text ?? "", ct);
        if (done)
        {
            chat.EndDialog();
        }
        return new TextReply(text);
    }

    /// <summary>Done is false when the answer was not understood and the question stands.</summary>
    private async Task<(bool Done, string Text)> RateAsync(ChatContext chat, string number, string answer, CancellationToken ct)
    {
        var parts = answer.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
        {
            return (false, "请回复 1 到 5 之间的数字打分（5 为非常满意），可在数字后附上意见；回复“取消”不评价。");
        }
        var comment = parts.Length > 1 ? parts[1] : null;
        if (comment is { Length: > CommentMax })
        {
            return (false, $"请精简意见（最多{CommentMax}字，您发送了{comment.Length}字）后重新发送。");
        }
        var me = WorkerRef.Of(chat.OpenId);
        var outcome = "missing";
        await store.ChangeAsync(number, c =>
        {
            if (c.WorkerRef != me)
            {
                outcome = "missing";
                return null;
            }
            if (c.Status != CaseStatus.Closed || c.Rating is not null)
            {
                outcome = c.Rating is null ? "open" : "done";
                return null;
            }
            outcome = "rated";
            var detail = comment is null ? $"{score}分" : $"{score}分，{comment}";
            return (c with { Rating = score, RatingComment = comment }, new CaseEvent(chat.Now, CaseFiling.WorkerActor, "rated", detail, VisibleToWorker: true));
        }, ct);
        return (true, outcome switch
        {
            "rated" => $"感谢您的评价！您为 {number} 打了 {score} 分。",
            "open" => $"事项 {number} 尚未办结，办结后再来评价吧。",
            "done" => $"事项 {number} 已经评价过了，感谢您的反馈。",
            _ => $"没有找到编号为 {number} 的事项，请核对编号后重试。",
        });
    }
}
