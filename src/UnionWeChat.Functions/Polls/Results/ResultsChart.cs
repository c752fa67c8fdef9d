using System.Globalization;
using System.Text;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// A horizontal bar chart of a tally as inline SVG, drawn on the server: no script, works in WeChat's browser,
/// and the numbers are in the markup for screen readers and tests.
/// </summary>
public static class ResultsChart
{
    private const int Width = 360;
    private const int Row = 46;
    private const int BarTop = 20;
    private const int BarHeight = 16;
    private const int LabelChars = 22;
    private const int Track = Width - 90;

    public static string Svg(Poll poll, PollTally tally) =>
        Bars(poll.Title + " 投票结果", "chart-title", poll.Options, tally.Counts, tally.Voters, "票", "人参加");

    /// <summary>
    /// One bar per option against <paramref name="total"/> (the people who took part): the poll results and each
    /// survey question draw the same chart. <paramref name="titleId"/> must be unique on the page.
    /// </summary>
    public static string Bars(string title, string titleId, IReadOnlyList<string> options, IReadOnlyList<long> counts, long total, string unit, string totalNote)
    {
        var height = options.Count * Row + 28;
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"results-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" ")
            .Append(CultureInfo.InvariantCulture, $"width=\"100%\" role=\"img\" aria-labelledby=\"{titleId}\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">").Append(Html.Encoder.Encode(title)).Append("</title>");
        for (var i = 0; i < options.Count; i++)
        {
            var y = i * Row;
            var count = counts[i];
            // The grey track is all who took part, so a bar shows the option's share of them: half fill half of it.
            // (Scaled to the leading option, 50 % looked nearly full.) A few still show as a sliver.
            var barWidth = count == 0 ? 0 : Math.Max(2, Math.Round(Track * (double)count / Math.Max(1, total), 1));
            var label = options[i].Length > LabelChars ? options[i][..LabelChars] + "…" : options[i];
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"option\" data-option=\"{i + 1}\" data-votes=\"{count}\">")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 14}\" font-size=\"13\" fill=\"#333\">{i + 1}. {Html.Encoder.Encode(label)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y + BarTop}\" width=\"{Track}\" height=\"{BarHeight}\" rx=\"3\" fill=\"#eee\"/>")
                .Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"0\" y=\"{y + BarTop}\" width=\"{barWidth}\" height=\"{BarHeight}\" rx=\"3\" fill=\"#c8102e\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 84}\" y=\"{y + BarTop + 13}\" font-size=\"12\" fill=\"#333\">{count} {unit} {PollTexts.Share(count, total)}</text>")
                .Append("</g>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{height - 8}\" font-size=\"12\" fill=\"#666\">共 {total} {totalNote}</text>")
            .Append("</svg>");
        return svg.ToString();
    }
}
