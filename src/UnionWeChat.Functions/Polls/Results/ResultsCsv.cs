using System.Globalization;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>The counts as CSV (<see cref="Csv"/>).</summary>
public static class ResultsCsv
{
    public static byte[] Write(Poll poll, PollTally tally)
    {
        var rows = new List<IReadOnlyList<string?>>();
        for (var i = 0; i < poll.Options.Count; i++)
        {
            rows.Add([Number(i + 1), poll.Options[i], Number(tally.Counts[i]), PollTexts.Share(tally.Counts[i], tally.Voters)]);
        }
        rows.Add(["", "投票人数", Number(tally.Voters), ""]);
        if (tally.AudienceSize is { } size)
        {
            rows.Add(["", "投票范围人数", Number(size), tally.Turnout is { } t ? (t * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : ""]);
        }
        return Csv.Write(["编号", "选项", "票数", "占投票人数比例"], rows);
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
