using System.Globalization;
using System.Text;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>What members read, in one place so the wording is easy to review. Times are shown in Beijing time.</summary>
public static class PollTexts
{
    public const string Command = "投票";
    public const string NoPolls = "目前没有您可以参加的投票。有新的投票时我们会通知您。";
    public const string PickHint = "请回复编号选择要参加的投票，回复“取消”退出。";
    public const string NotAMember = "这项投票只面向指定的会员，您不在投票范围内。如有疑问请联系工会。";
    public const string NotOpen = "这项投票还没有开始。";
    public const string Closed = "这项投票已经结束，不能再投票了。";
    public const string Unchangeable = "投票提交后不能修改。";


    /// <summary>The opening announcement's template note (thing3: at most 20 characters).</summary>
    public const string OpeningNote = "回复“投票”参加，每人限投一次";

    /// <summary>The results announcement's template note.</summary>
    public const string ResultsNote = "投票已结束，点击查看结果";

    public static string Time(DateTimeOffset at) => ChinaTime.Minute(at);

    public static string Window(Poll poll) => $"{Time(poll.OpensAt)} 至 {Time(poll.ClosesAt)}（北京时间）";

    public static string Accepted(string receipt) =>
        $"投票成功，谢谢您的参与！\n回执码：{receipt}\n请保留回执码以便核对。{Unchangeable}";

    public static string AlreadyVoted(string receipt) => $"您已投过票，投票不能修改。\n回执码：{receipt}";

    public static string Ballot(Poll poll)
    {
        var text = new StringBuilder("【").Append(poll.Title).Append("】\n");
        if (poll.Description.Length > 0)
        {
            text.Append(poll.Description).Append('\n');
        }
        for (var i = 0; i < poll.Options.Count; i++)
        {
            text.Append(i + 1).Append(". ").Append(poll.Options[i]).Append('\n');
        }
        text.Append(ChoiceParser.Hint(poll.Options.Count, poll.MaxChoices)).Append('\n')
            .Append("截止时间：").Append(Time(poll.ClosesAt)).Append("（北京时间）\n")
            .Append("每人限投一次，").Append(Unchangeable).Append("回复“取消”退出。");
        return text.ToString();
    }

    public const string VotedMark = "【已投票】";

    /// <summary>The open polls, those in <paramref name="voted"/> (poll ids) marked 已投票.</summary>
    public static string PollList(IReadOnlyList<Poll> polls, IReadOnlySet<string> voted)
    {
        var text = new StringBuilder("目前有以下投票：\n");
        for (var i = 0; i < polls.Count; i++)
        {
            text.Append(i + 1).Append(". ");
            if (voted.Contains(polls[i].Id))
            {
                text.Append(VotedMark);
            }
            text.Append(polls[i].Title).Append("（截止 ").Append(Time(polls[i].ClosesAt)).Append("）\n");
        }
        return text.Append(PickHint).ToString();
    }

    public static string Opening(Poll poll, string? link)
    {
        var text = new StringBuilder("【投票】").Append(poll.Title).Append('\n');
        if (poll.Description.Length > 0)
        {
            text.Append(poll.Description).Append('\n');
        }
        text.Append("投票时间：").Append(Window(poll)).Append('\n')
            .Append("参加方式：回复“投票”，再回复选项编号");
        if (link is not null)
        {
            text.Append("；或打开投票页面：").Append(link);
        }
        return text.Append("。\n每人限投一次，").Append(Unchangeable).ToString();
    }

    public static string Results(Poll poll, PollTally tally)
    {
        var text = new StringBuilder("【投票结果】").Append(poll.Title).Append('\n')
            .Append("共 ").Append(tally.Voters).Append(" 人参加");
        if (tally.Turnout is { } turnout)
        {
            text.Append("，参与率 ").Append((turnout * 100).ToString("F1", CultureInfo.InvariantCulture)).Append('%');
        }
        text.Append("：\n");
        // A mass text has a length limit: long option texts are shortened here, never in the counts.
        var shorten = poll.Options.Sum(o => o.Length) > 600;
        for (var i = 0; i < poll.Options.Count; i++)
        {
            var name = shorten && poll.Options[i].Length > 12 ? poll.Options[i][..12] + "…" : poll.Options[i];
            text.Append(i + 1).Append(". ").Append(name).Append('：').Append(tally.Counts[i]).Append(" 票（")
                .Append(Share(tally.Counts[i], tally.Voters)).Append("）\n");
        }
        return text.Append("感谢参与！").ToString();
    }

    /// <summary>The share of voters who chose an option, e.g. "40.0%".</summary>
    public static string Share(long count, long voters) =>
        (voters == 0 ? 0 : count * 100.0 / voters).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
