using System.Security.Cryptography;
using UnionWeChat.Functions.Cases;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// The application form on the page, checked by the same rules as the chat dialog (<see cref="JoinRules"/>). The
/// filing key is drawn when the form is shown, so submitting the same form twice files one application.
/// </summary>
public sealed record JoinForm(string Name, string Mobile, string Employer, string Job, string EmployerUnion, bool Consent, string Filing)
{
    public static JoinForm Empty => new("", "", "", "", "", false, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static JoinForm From(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        string Field(string name) => form[name].ToString().Trim();
        var filing = Field("filing");
        return new JoinForm(Field("name"), Field("mobile"), Field("employer"), Field("job"), Field("union"), Field("consent") == "yes",
            filing is { Length: 32 } && filing.All(char.IsAsciiHexDigitLower) ? filing : Empty.Filing);
    }

    /// <summary>The answers when every field is right; else null, with <see cref="Errors"/> saying what to change.</summary>
    public JoinAnswers? Check(MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (JoinRules.CheckName(Name) is { } name)
        {
            Errors["name"] = name;
        }
        var mobile = JoinRules.NormalizeMobile(Mobile);
        if (mobile is null)
        {
            Errors["mobile"] = MembershipTexts.BadMobile;
        }
        if (IntakeRules.CheckLength(Employer, 2, JoinRules.EmployerMax, "单位名称") is { } employer)
        {
            Errors["employer"] = employer;
        }
        if (IntakeRules.CheckLength(Job, 1, JoinRules.JobMax, "岗位") is { } job)
        {
            Errors["job"] = job;
        }
        if (!JoinRules.EmployerUnionChoices.Contains(EmployerUnion, StringComparer.Ordinal))
        {
            Errors["union"] = "请选择单位是否已经建立工会。";
        }
        if (!Consent)
        {
            Errors["consent"] = "请阅读并勾选同意个人信息保护说明。";
        }
        return Errors.Count == 0 ? new JoinAnswers(Name, mobile!, Employer, Job, EmployerUnion) : null;
    }
}
