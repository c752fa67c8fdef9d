using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Menu;

/// <summary>Menu items and words that answer from the keyword answers (入会指南, 法律咨询) and "帮助".</summary>
public sealed class GuideFeature(AnswerBook answers, IServiceProvider services) : IChatFeature
{
    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new("join", ["入会指南"], MenuKeys.JoinGuide, "入会指南"),
        new("legal", ["法律咨询"], MenuKeys.LegalConsult, "法律咨询"),
        new("help", ["帮助", "菜单", "help", "?", "？"], null, "查看全部功能"),
    ];

    public IReadOnlyList<string> Flows { get; } = [];

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        if (command.Name == "help")
        {
            // Resolved late: the help lists every feature's commands, this one's included.
            return new TextReply(KeywordFallback.Help(services.GetServices<IChatFeature>()));
        }
        var id = command.Name == "join" ? "join" : "legalaid";
        var answer = (await answers.ListAsync(ct)).FirstOrDefault(a => a.Id == id);
        var text = answer?.Text ?? "请回复“帮助”查看可用功能。";
        return new TextReply(command.Name == "legal" ? text + "\n需要工会介入，请回复“投诉”在线提交。" : text);
    }

    public Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct) => Task.FromResult<Reply?>(null);
}
