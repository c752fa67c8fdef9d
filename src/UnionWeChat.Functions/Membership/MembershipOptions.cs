using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Membership;

/// <summary>Section <c>Membership</c>: the unions an approved member can be registered with, and the words workers read.</summary>
public sealed class MembershipOptions : IValidatedOptions
{
    public const int MaxUnions = 200;

    /// <summary>
    /// The unions staff choose from when they approve an application (city, county or enterprise unions), e.g.
    /// <c>Membership__Unions__0=市总工会</c>; none configured means <see cref="DefaultUnion"/> only. The first is
    /// preselected. (Empty by default: configuration adds to a list, it does not replace one.)
    /// </summary>
    public List<string> Unions { get; set; } = [];

    public const string DefaultUnion = "市总工会";

    /// <summary>The unions offered: the configured ones, else <see cref="DefaultUnion"/>.</summary>
    public IReadOnlyList<string> Choices => Unions.Count == 0 ? [DefaultUnion] : Unions;

    /// <summary>The privacy terms a worker agrees to before applying (shown in the chat; at most 500 characters).</summary>
    public string PrivacyTerms { get; set; } =
        "您填写的姓名、手机号、工作单位和岗位仅用于办理入会和会员服务，由工会保管，不会提供给您的用人单位或其他机构。" +
        "我们不收集身份证号。您可以随时申请退会，退会后资料按工会的保存规定处理。";

    /// <summary>How long the member card page remembers who opened it after the WeChat sign-in (default 2 h).</summary>
    public TimeSpan CardCookieLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The template for decisions when the worker's service window is closed. Placeholders: {result} (通过 / 未通过 /
    /// 需补充 / 已办理 / 未办理), {number} (the application, or the member number for 转会 and 退会), {text}.
    /// </summary>
    public TemplateOptions DecisionTemplate { get; set; } = new();

    public static readonly string[] TemplatePlaceholders = ["result", "number", "text"];

    public IEnumerable<ConfigProblem> Validate()
    {
        if (Unions.Count > MaxUnions)
        {
            yield return new ConfigProblem("Membership__Unions", $"must name at most {MaxUnions} unions");
        }
        for (var i = 0; i < Unions.Count; i++)
        {
            if (Unions[i] is not { Length: >= 2 and <= 40 } name || name.Trim() != name)
            {
                yield return new ConfigProblem($"Membership__Unions__{i}", "must be a union's name of 2 to 40 characters");
            }
        }
        if (Unions.Distinct(StringComparer.Ordinal).Count() != Unions.Count)
        {
            yield return new ConfigProblem("Membership__Unions", "names a union twice");
        }
        if (PrivacyTerms is not { Length: >= 10 and <= 500 })
        {
            yield return new ConfigProblem("Membership__PrivacyTerms", "must be 10 to 500 characters");
        }
        if (CardCookieLifetime < TimeSpan.FromMinutes(5) || CardCookieLifetime > TimeSpan.FromDays(7))
        {
            yield return new ConfigProblem("Membership__CardCookieLifetime", "must be between 00:05:00 and 7.00:00:00");
        }
        foreach (var problem in DecisionTemplate.Validate("Membership__DecisionTemplate", TemplatePlaceholders))
        {
            yield return problem;
        }
    }
}
