using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// "退订" stops non-essential notices (activities, news); "订阅" brings them back. Essential notices (a case the
/// member filed, a safety warning) still arrive, and the reply says so.
/// </summary>
public sealed class OptOutFeature : IChatFeature
{
    public const string OptedOutReply =
        "您已退订通知推送。今后工会的活动、资讯等一般通知将不再推送给您；与您本人事项相关的重要通知（如维权、求助进展）仍会送达。\n如需恢复，请回复“订阅”。";

    public const string AlreadyOptedOutReply = "您此前已退订通知推送，无需重复操作。如需恢复，请回复“订阅”。";

    public const string OptedInReply = "您已恢复订阅，工会的活动和通知会继续推送给您。如需停止，请回复“退订”。";

    public const string AlreadyOptedInReply = "您正在接收通知推送，无需重复订阅。如需停止，请回复“退订”。";

    private static readonly ChatCommand OptOut = new("退订", ["退订", "TD"], null, "退订通知推送");
    private static readonly ChatCommand OptIn = new("订阅", ["订阅", "恢复订阅"], null, "恢复通知推送");

    public IReadOnlyList<ChatCommand> Commands { get; } = [OptOut, OptIn];

    public IReadOnlyList<string> Flows { get; } = [];

    public Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct) =>
        Task.FromResult<Reply?>(new TextReply(Decide(chat, command)));

    private static string Decide(ChatContext chat, ChatCommand command)
    {
        var optOut = command.Name == OptOut.Name;
        var wasOptedOut = chat.Member?.OptedOut ?? false;
        if (wasOptedOut == optOut)
        {
            return optOut ? AlreadyOptedOutReply : AlreadyOptedInReply;
        }
        // Written with the reply, in the push's one write.
        chat.ChangeMember(m => m with { OptedOut = optOut });
        return optOut ? OptedOutReply : OptedInReply;
    }

    public Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct) => Task.FromResult<Reply?>(null);
}
