
namespace UnionWeChat.Functions.Cases;

/// <summary>The Chinese names staff and workers see, and lenient parsing of the names the API accepts.</summary>
public static class CaseLabels
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.New => "待受理",
        CaseStatus.Triaged => "已受理",
        CaseStatus.InProgress => "办理中",
        CaseStatus.WaitingWorker => "待补充材料",
        CaseStatus.Resolved => "已办结",
        CaseStatus.Closed => "已关闭",
        _ => status.ToString(),
    };

    public static string Of(CaseKind kind) => kind == CaseKind.Complaint ? "维权投诉" : "求助";

    public static string Of(CasePriority priority) => priority switch
    {
        CasePriority.High => "高",
        CasePriority.Urgent => "紧急",
        _ => "普通",
    };

    public static string Of(SlaTier tier) => tier switch
    {
        SlaTier.Difficult => "难点",
        SlaTier.Complex => "特别复杂",
        _ => "一般",
    };

    /// <summary>Parses <c>InProgress</c>, <c>in_progress</c> or <c>inprogress</c>; never a number.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        var name = text?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return !string.IsNullOrEmpty(name) && char.IsLetter(name[0])
            && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The accepted names, for error messages.</summary>
    public static string Names<TEnum>() where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());
}
