using System.Globalization;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Reads a ballot's option numbers ("1", "1,3", "1，3", "１ ３") and checks them against the poll. Anything else
/// gets one clear sentence in Chinese and nothing is stored.
/// </summary>
public static class ChoiceParser
{
    private static readonly char[] Separators = [',', '，', '、', ' ', ';', '；', '\u3000'];

    /// <summary>The chosen option numbers (1-based, ascending), or the reason they cannot be taken.</summary>
    public static ChoiceResult Parse(string? text, int optionCount, int maxChoices)
    {
        var tokens = Normalize(text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length == 0 ? ChoiceResult.Fail(Hint(optionCount, maxChoices)) : Check(tokens, optionCount, maxChoices);
    }

    /// <summary>The page sends one value per ticked box.</summary>
    public static ChoiceResult FromValues(IReadOnlyList<string?> values, int optionCount, int maxChoices)
    {
        var tokens = values.Select(v => Normalize(v ?? "").Trim()).Where(v => v.Length > 0).ToArray();
        return tokens.Length == 0 ? ChoiceResult.Fail("请选择选项后再提交。") : Check(tokens, optionCount, maxChoices);
    }

    public static string Hint(int optionCount, int maxChoices) => maxChoices == 1
        ? $"请回复一个选项编号（1 到 {optionCount}），如“1”。"
        : $"请回复选项编号（1 到 {optionCount}），最多选 {maxChoices} 项，用逗号隔开，如“1,3”。";

    private static ChoiceResult Check(string[] tokens, int optionCount, int maxChoices)
    {
        var chosen = new List<int>();
        foreach (var token in tokens)
        {
            if (!token.All(char.IsAsciiDigit))
            {
                return ChoiceResult.Fail($"“{Shorten(token)}”不是选项编号。" + Hint(optionCount, maxChoices));
            }
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > optionCount)
            {
                return ChoiceResult.Fail($"没有第 {Shorten(token)} 项，选项编号是 1 到 {optionCount}。");
            }
            if (chosen.Contains(number))
            {
                return ChoiceResult.Fail($"第 {number} 项选了两次，每项只能选一次。");
            }
            chosen.Add(number);
        }
        if (chosen.Count > maxChoices)
        {
            return ChoiceResult.Fail(maxChoices == 1
                ? "这是单选投票，只能选一项。" + Hint(optionCount, maxChoices)
                : $"最多只能选 {maxChoices} 项，您选了 {chosen.Count} 项。");
        }
        chosen.Sort();
        return new ChoiceResult(chosen, null);
    }

    // Full-width digits (１２３) are what many Chinese keyboards type.
    private static string Normalize(string text) =>
        new(text.Trim().Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c).ToArray());

    private static string Shorten(string token) => token.Length <= 12 ? token : token[..12] + "…";
}

/// <summary>Option numbers that passed the checks, or the error to show.</summary>
public sealed record ChoiceResult(IReadOnlyList<int> Choices, string? Error)
{
    public bool Ok => Error is null;

    public static ChoiceResult Fail(string error) => new([], error);
}
