using System.Text.RegularExpressions;
using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Membership;

/// <summary>What an application's answers must look like, with the Chinese message for each refusal.</summary>
public static partial class JoinRules
{
    public const int NameMax = 20;
    public const int EmployerMax = IntakeRules.EmployerMax;
    public const int JobMax = 30;
    public const int NoteMax = 500;

    public static readonly string[] EmployerUnionChoices = ["已建立", "没有", "不清楚"];

    /// <summary>A person's name: 2 to 20 characters, Chinese or Latin letters, with · or spaces between parts.</summary>
    public static string? CheckName(string? text) =>
        text is null || !Name().IsMatch(text) ? $"请输入您的真实姓名（2到{NameMax}个字）。" : null;

    /// <summary>A mainland mobile number (11 digits starting with 1), spaces and dashes allowed; null when it is not one.</summary>
    public static string? NormalizeMobile(string? text) => IntakeRules.NormalizePhone(text) is { Length: 11 } m && m[0] == '1' ? m : null;

    /// <summary>138****5678: how a mobile is shown to anyone but an admin.</summary>
    public static string Mask(string mobile) => mobile.Length == 11 ? mobile[..3] + "****" + mobile[7..] : "****";

    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}A-Za-z][\p{IsCJKUnifiedIdeographs}A-Za-z·• ]{0,18}[\p{IsCJKUnifiedIdeographs}A-Za-z]$")]
    private static partial Regex Name();
}
