using System.Globalization;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Cases;

/// <summary>
/// Charts drawn on the server as SVG: no script, nothing to download, readable on a phone (the view box scales).
/// Colours by presentation attribute, so the page's Content-Security-Policy needs no inline styles.
/// </summary>
public static class SvgCharts
{
    public static readonly string[] Palette = ["#b3202a", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#cf222e", "#0969da", "#57606a"];

    // Legend entries sit in columns this wide, so long category names (解除劳动关系) never run into each other.
    private const int LegendColumn = 150, LegendRow = 20;

    /// <summary>
    /// Stacked columns: one per label, one colour per series (series beyond the palette are summed as "其他"). The
    /// view box scales to the page, so text keeps its size only when the chart is drawn near its real width: pages
    /// draw a <paramref name="width"/> of 640 for desktops and 360 for phones, and show the one that fits.
    /// </summary>
    public static Markup StackedColumns(string title, IReadOnlyList<string> labels, IReadOnlyList<(string Name, IReadOnlyList<int> Values)> series,
        int width = 640)
    {
        const int plot = 220, left = 36, axis = 30, top = 16, labelWidth = 40;
        var shown = series.Count <= Palette.Length ? series : Fold(series);
        var perRow = (width - left) / LegendColumn;
        var legendRows = Math.Max(1, (shown.Count + perRow - 1) / perRow);
        var bottom = axis + legendRows * LegendRow;
        var height = top + plot + bottom;
        var totals = labels.Select((_, i) => shown.Sum(s => s.Values[i])).ToList();
        var max = Math.Max(1, totals.Count == 0 ? 1 : totals.Max());
        var plotHeight = plot;
        var slot = labels.Count == 0 ? 0 : (width - left - 8) / (double)labels.Count;
        var labelEvery = slot <= 0 ? 1 : (int)Math.Ceiling(labelWidth / slot);
        var bars = new List<Markup>();
        for (var i = 0; i < labels.Count; i++)
        {
            var x = left + i * slot + slot * 0.15;
            var y = (double)(height - bottom);
            for (var s = 0; s < shown.Count; s++)
            {
                var value = shown[s].Values[i];
                if (value == 0)
                {
                    continue;
                }
                var h = value / (double)max * plotHeight;
                y -= h;
                bars.Add(Html.Of($"""<rect x="{F(x)}" y="{F(y)}" width="{F(slot * 0.7)}" height="{F(h)}" fill="{Palette[s % Palette.Length]}"><title>{labels[i]} {shown[s].Name}: {value}</title></rect>"""));
            }
            if (totals[i] > 0)
            {
                bars.Add(Html.Of($"""<text x="{F(x + slot * 0.35)}" y="{F(y - 3)}" font-size="13" text-anchor="middle">{totals[i]}</text>"""));
            }
            // Every label when there is room, else every second or third one.
            if (i % labelEvery == 0)
            {
                bars.Add(Html.Of($"""<text x="{F(x + slot * 0.35)}" y="{height - bottom + 17}" font-size="13" text-anchor="middle">{labels[i]}</text>"""));
            }
        }
        var legend = shown.Select((s, i) =>
        {
            var (lx, ly) = (left + i % perRow * LegendColumn, height - bottom + axis + i / perRow * LegendRow);
            return Html.Of($"""
                <rect x="{lx}" y="{ly + 2}" width="12" height="12" fill="{Palette[i % Palette.Length]}"/><text x="{lx + 17}" y="{ly + 13}" font-size="14">{s.Name}</text>
                """);
        });
        return Html.Of($"""
            <svg class="chart" role="img" aria-label="{title}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">
            <title>{title}</title>
            <line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="#8c959f"/>
            <text x="4" y="{top + 4}" font-size="13">{max}</text><text x="4" y="{height - bottom}" font-size="13">0</text>
            {bars}{legend}
            </svg>
            """);
    }

    /// <summary>A horizontal bar for a rate from 0 to 1 (null: no data yet).</summary>
    public static Markup Rate(string title, double? rate)
    {
        const int width = 320, height = 28;
        var filled = (rate ?? 0) * (width - 60);
        var text = rate is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "无数据";
        return Html.Of($"""
            <svg role="img" aria-label="{title} {text}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">
            <title>{title}</title>
            <rect x="0" y="6" width="{width - 60}" height="16" fill="#eaeef2"/><rect x="0" y="6" width="{F(filled)}" height="16" fill="#2da44e"/>
            <text x="{width - 54}" y="19" font-size="12">{text}</text>
            </svg>
            """);
    }

    private static List<(string Name, IReadOnlyList<int> Values)> Fold(IReadOnlyList<(string Name, IReadOnlyList<int> Values)> series)
    {
        var keep = series.Take(Palette.Length - 1).ToList();
        var rest = series.Skip(Palette.Length - 1).ToList();
        var other = Enumerable.Range(0, series[0].Values.Count).Select(i => rest.Sum(s => s.Values[i])).ToList();
        keep.Add(("其他", other));
        return keep;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
