using System.Text;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Answers;

/// <summary>Text no feature claimed: a keyword answer if one matches, otherwise what the worker can do here.</summary>
public sealed class KeywordFallback(AnswerBook answers, IEnumerable<IChatFeature> features) : IFallbackAnswer
{
    public async Task<Reply?> AnswerAsync(ChatContext chat, CancellationToken ct)
    {
        if (chat.Text is { Length: > 0 } text && await answers.MatchAsync(text, ct) is { } answer)
        {
            return new TextReply(answer.Text);
        }
        return new TextReply(Help(features));
    }

    public static string Help(IEnumerable<IChatFeature> features)
    {
        var help = new StringBuilder("您可以回复以下内容，或点击下方菜单：\n");
        foreach (var command in features.SelectMany(f => f.Commands).Where(c => c.Words.Count > 0))
        {
            help.Append("· “").Append(command.Words[0]).Append("”：").Append(command.Help).Append('\n');
        }
        help.Append("维权热线：12351。");
        return help.ToString();
    }
}
