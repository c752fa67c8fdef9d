using System.Text;
using UnionWeChat.Functions.Answers;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Menu;

/// <summary>Menu items and words that answer from the keyword answers (入会指南, 法律咨询), "我的" and "帮助".</summary>
public sealed class GuideFeature(AnswerBook answers, MenuOptions menu, IServiceProvider services) : IChatFeature
{
    /// <summary>The menu button whose items "我的" lists (the default menu's third button).</summary>
    public const string MineButton = "我的";

    public IReadOnlyList<ChatCommand> Commands { get; } =
    [
        new("join", ["入会指南"], MenuKeys.JoinGuide, "了解怎样加入工会、向哪里申请", "入会指南"),
        new("legal", ["法律咨询"], MenuKeys.LegalConsult, "了解法律援助的条件和申请办法", "法律咨询"),
        new("mine", [MineButton], null, "列出“我的”菜单里的我的案件、投票、入会和会员卡", "我的"),
        new("help", ["帮助", "菜单", "help", "?", "？"], null, "查看全部功能"),
    ];

    public IReadOnlyList<string> Flows { get; } = [];

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        // Resolved late: the lists name every feature's commands, this one's included.
        switch (command.Name)
        {
            case "help":
                return new TextReply(KeywordFallback.Help(services.GetServices<IChatFeature>()));
            case "mine":
                return new TextReply(Mine(services.GetServices<IChatFeature>()));
        }
        var id = command.Name == "join" ? "join" : "legalaid";
        var answer = (await answers.ListAsync(ct)).FirstOrDefault(a => a.Id == id);
        var text = answer?.Text ?? "请回复“帮助”查看可用功能。";
        return new TextReply(command.Name == "legal" ? text + "\n需要工会介入，请回复“投诉”在线提交。" : text);
    }

    public Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct) => Task.FromResult<Reply?>(null);

    /// <summary>
    /// The items of the menu's 我的 button, each with the word that does the same and what it does: the 入会 answer
    /// (and workers who read the menu) promise that "我的" shows this. A menu without a 我的 button lists the default's.
    /// </summary>
    public string Mine(IEnumerable<IChatFeature> features)
    {
        var commands = features.SelectMany(f => f.Commands).ToList();
        var items = (menu.Effective.FirstOrDefault(b => b.Name == MineButton) ?? MenuOptions.Default.First(b => b.Name == MineButton)).Items;
        var text = new StringBuilder("“我的”菜单里有：\n");
        foreach (var item in items)
        {
            text.Append("· ").Append(item.Name);
            var command = item.Key is null ? null : commands.FirstOrDefault(c => c.MenuKey == item.Key);
            if (command is { Words.Count: > 0 })
            {
                text.Append("（或回复“").Append(command.Words[0]).Append("”）");
            }
            if (command is not null)
            {
                text.Append('：').Append(command.Help);
            }
            text.Append('\n');
        }
        return text.Append("点击下方菜单“我的”即可使用；回复“帮助”查看全部功能。").ToString();
    }
}
