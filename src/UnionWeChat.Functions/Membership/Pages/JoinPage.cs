using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Membership;

/// <summary>The application form a worker fills in on their phone, and the messages around it: no script, all encoded.</summary>
public static class JoinPage
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
        main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 12px}.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}
        label{display:block;margin:0 0 14px;font-weight:600}input[type=text],input[type=tel]{display:block;width:100%;font:inherit;font-weight:400;padding:10px;border:1px solid #ccc;border-radius:6px;margin-top:4px}
        fieldset{border:0;margin:0 0 14px;padding:0}legend{font-weight:600;margin-bottom:6px}
        label.option{display:flex;gap:10px;align-items:center;font-weight:400;padding:10px;border:1px solid #ddd;border-radius:6px;margin:6px 0}
        input[type=radio],input[type=checkbox]{width:20px;height:20px;flex:none}.terms{color:#555;font-size:14px;background:#fafafa;border-radius:6px;padding:10px}
        button{width:100%;min-height:48px;font-size:17px;border:0;border-radius:6px;background:#c8102e;color:#fff;margin-top:8px}
        .error{color:#b00020;font-weight:400;font-size:14px;display:block;margin-top:4px}.note{color:#666;font-size:13px}.ask{background:#fff8e1;border-radius:6px;padding:10px}
        a.button{display:block;text-align:center;padding:12px;border-radius:6px;background:#c8102e;color:#fff;text-decoration:none}
        """;

    public static HtmlPage Form(AntiforgeryTokenSet tokens, MembershipOptions options, JoinForm form, string? question, IReadOnlyDictionary<string, string>? errors, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(form);
        Markup Error(string field) => errors?.GetValueOrDefault(field) is { } e ? Html.Of($"""<span class="error" role="alert">{e}</span>""") : Markup.Empty;
        var unions = JoinRules.EmployerUnionChoices.Select(c => Html.Of($"""
            <label class="option"><input type="radio" name="union" value="{c}"{(form.EmployerUnion == c ? Html.Of($" checked") : Markup.Empty)}>{c}</label>
            """));
        return Page("申请加入工会", Html.Of($"""
            {(question is null ? Markup.Empty : Html.Of($"""<p class="ask">工会请您补充：{question}</p>"""))}
            <form class="card" method="post" action="{CardEndpoints.JoinPath}">
            <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
            <input type="hidden" name="filing" value="{form.Filing}">
            <label>姓名<input type="text" name="name" value="{form.Name}" maxlength="{JoinRules.NameMax}" autocomplete="name" required>{Error("name")}</label>
            <label>手机号码<input type="tel" name="mobile" value="{form.Mobile}" maxlength="13" autocomplete="tel" required>{Error("mobile")}</label>
            <label>工作单位（全称）<input type="text" name="employer" value="{form.Employer}" maxlength="{JoinRules.EmployerMax}" required>{Error("employer")}</label>
            <label>岗位或工种<input type="text" name="job" value="{form.Job}" maxlength="{JoinRules.JobMax}" required>{Error("job")}</label>
            <fieldset><legend>单位是否已经建立工会</legend>{unions}{Error("union")}</fieldset>
            <p class="terms">{options.PrivacyTerms}</p>
            <label class="option"><input type="checkbox" name="consent" value="yes"{(form.Consent ? Html.Of($" checked") : Markup.Empty)}>我已阅读并同意以上个人信息保护说明</label>{Error("consent")}
            <button type="submit">提交入会申请</button>
            <p class="note">不收集身份证号。也可以在公众号回复“入会”按提示填写。</p>
            </form>
            """), status);
    }

    public static HtmlPage Message(string text, string? cardLink, int status = StatusCodes.Status200OK) => Page("申请加入工会", Html.Of($"""
        <p class="card" style="white-space:pre-line">{text}</p>
        {(cardLink is null ? Markup.Empty : Html.Of($"""<a class="button" href="{cardLink}">查看电子会员卡</a>"""))}
        """), status);

    private static HtmlPage Page(string title, Markup body, int status) => new(Html.Of($"""
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title}</title><style>{new Markup(Style)}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>
        """).Value, status);
}
