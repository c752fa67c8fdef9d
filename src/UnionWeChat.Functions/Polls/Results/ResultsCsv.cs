using System.Globalization;
using System.Text;

namespace UnionWeChat.Functions.Polls;

/// <summary>The counts as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese correctly).</summary>
public static class ResultsCsv
{
    public static byte[] Write(Poll poll, PollTally tally)
    {
        var csv = new StringBuilder("编号,选项,票数,占投票人数比例\r\n");
        for (var i = 0; i < poll.Options.Count; i++)
        {
            csv.Append(i + 1).Append(',').Append(Field(poll.Options[i])).Append(',').Append(tally.Counts[i]).Append(',')
                .Append(PollTexts.Share(tally.Counts[i], tally.Voters)).Append("\r\n");
        }
        csv.Append(",投票人数,").Append(tally.Voters).Append(",\r\n");
        if (tally.AudienceSize is { } size)
        {
            csv.Append(",投票范围人数,").Append(size).Append(',')
                .Append(tally.Turnout is { } t ? (t * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "").Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    // Quote every text field; a leading = + - @ would make a spreadsheet run it as a formula.
    private static string Field(string text)
    {
        var safe = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
