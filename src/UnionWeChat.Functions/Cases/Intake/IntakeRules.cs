using System.Text.RegularExpressions;

namespace UnionWeChat.Functions.Cases;

/// <summary>What a worker's answers must look like during intake, with the Chinese message for each refusal.</summary>
public static partial class IntakeRules
{
    public const int EmployerMax = 100;
    public const int DescriptionMin = 5;
    public const int DescriptionMax = 1000;
    public const int EvidenceMax = 9;

    public static readonly string[] ComplaintCategories = ["欠薪", "劳动合同", "工伤", "社保", "加班休假", "解除劳动关系", "其他"];

    public static readonly string[] AidTypes = ["困难帮扶", "医疗救助", "金秋助学", "法律援助", "就业服务"];

    /// <summary>The category of a 求助 filed from a survey answer (「我需要工会帮助」), which staff filter the queue by.</summary>
    public const string SurveyHelpCategory = "问卷求助";

    /// <summary>Picks an entry by its number (1-based) or its name; null when neither.</summary>
    public static string? Pick(string[] choices, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim();
        if (int.TryParse(t, out var n))
        {
            return n >= 1 && n <= choices.Length ? choices[n - 1] : null;
        }
        return choices.FirstOrDefault(c => c == t);
    }

    public static string Menu(string[] choices) =>
        string.Join("\n", choices.Select((c, i) => $"{i + 1}. {c}"));

    /// <summary>Null when acceptable, else the message to send back.</summary>
    public static string? CheckLength(string text, int min, int max, string what) =>
        text.Length < min ? $"{what}太短了，请至少写{min}个字。"
        : text.Length > max ? $"{what}过长（最多{max}字，您发送了{text.Length}字），请精简后重新发送。"
        : null;

    /// <summary>A mainland mobile number, or a landline with area code; spaces and dashes allowed.</summary>
    public static string? NormalizePhone(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var digits = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Mobile().IsMatch(digits) || Landline().IsMatch(digits) ? digits : null;
    }

    public static bool IsYes(string? text) => text is "是" or "1" or "匿名" or "需要";

    public static bool IsNo(string? text) => text is "否" or "2" or "不" or "不需要" or "实名";

    public static bool IsSkip(string? text) => text is "跳过" or "无" or "没有" or "不留";

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^0\d{2,3}\d{7,8}$")]
    private static partial Regex Landline();
}
