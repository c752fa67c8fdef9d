using System.Globalization;
using System.Text;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>What reading a member list found: the members, and each line that could not be used with the reason.</summary>
public sealed record RosterRead(IReadOnlyList<RosterEntry> Entries, IReadOnlyList<(int Line, string Problem)> Problems, string? Refusal = null);

/// <summary>
/// Reads a member list exported from a spreadsheet: a header line naming the columns (姓名, 手机, 所属工会, and
/// optionally 会员号 and 入会日期, in any order), then one member per line. Excel in China saves CSV as GB18030 unless
/// told otherwise, so a file that is not UTF-8 is read as GB18030.
/// </summary>
public static class RosterCsv
{
    public const int MaxRows = 50_000;

    private static readonly string[][] Columns =
    [
        ["姓名", "名字"],
        ["手机", "手机号", "手机号码", "联系电话"],
        ["所属工会", "工会"],
        ["会员号", "会员编号"],
        ["入会日期", "入会时间"],
    ];

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy年M月d日", "yyyy.M.d", "yyyyMMdd"];

    public static RosterRead Read(byte[] bytes, string defaultUnion)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Decode(bytes);
        var lines = Lines(text).ToList();
        if (lines.Count == 0)
        {
            return new RosterRead([], [], "文件是空的。请上传从 Excel 另存为的 CSV 文件，第一行是列名（姓名、手机、所属工会）。");
        }
        var header = lines[0].Cells.Select(c => c.Trim()).ToList();
        var at = Columns.Select(names => header.FindIndex(h => names.Contains(h, StringComparer.Ordinal))).ToArray();
        if (at[0] < 0 || at[1] < 0)
        {
            return new RosterRead([], [], "第一行须有“姓名”和“手机”两列（可以再有“所属工会”“会员号”“入会日期”）。");
        }
        if (lines.Count - 1 > MaxRows)
        {
            return new RosterRead([], [], $"一次最多导入 {MaxRows} 人，这个文件有 {lines.Count - 1} 行，请分成几个文件。");
        }
        var entries = new Dictionary<string, RosterEntry>(StringComparer.Ordinal);
        var problems = new List<(int, string)>();
        foreach (var (number, cells) in lines.Skip(1))
        {
            string Cell(int column) => at[column] >= 0 && at[column] < cells.Count ? cells[at[column]].Trim() : "";
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var name = Cell(0);
            var mobile = JoinRules.NormalizeMobile(Cell(1));
            var union = Cell(2) is { Length: > 0 } u ? u : defaultUnion;
            var memberNumber = Cell(3) is { Length: > 0 } n ? n : null;
            var sinceText = Cell(4);
            DateTimeOffset? since = null;
            if (name.Length is 0 or > JoinRules.NameMax)
            {
                problems.Add((number, "姓名为空或过长"));
            }
            else if (mobile is null)
            {
                problems.Add((number, "手机号码不是 11 位手机号"));
            }
            else if (union.Length is < 2 or > 40)
            {
                problems.Add((number, "所属工会名称应为 2 到 40 个字"));
            }
            else if (memberNumber is not null && !MemberRegistry.IsNumber(memberNumber))
            {
                problems.Add((number, "会员号只能是 4 到 20 位字母、数字或“-”"));
            }
            else if (sinceText.Length > 0 && !TryDate(sinceText, out since))
            {
                problems.Add((number, "入会日期看不懂（例如 2019-05-01）"));
            }
            else
            {
                entries[mobile] = new RosterEntry(mobile, name, union, memberNumber, since);
            }
        }
        return new RosterRead([.. entries.Values], problems);
    }

    private static bool TryDate(string text, out DateTimeOffset? since)
    {
        since = DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? ChinaTime.At(DateOnly.FromDateTime(day), TimeSpan.Zero)
            : null;
        return since is not null;
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    // RFC 4180: quoted cells may hold commas, quotes ("") and line breaks; the line number is where a record starts.
    private static IEnumerable<(int Line, List<string> Cells)> Lines(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    yield return (start, cells);
                    cells = [];
                    line++;
                    start = line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }
}
