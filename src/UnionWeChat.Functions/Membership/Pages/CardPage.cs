using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Membership;

/// <summary>The electronic member card as a member sees it on their phone: no script, every value encoded.</summary>
public static class CardPage
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
        main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 12px}
        .membercard{background:linear-gradient(135deg,#c8102e,#8f0b21);color:#fff;border-radius:14px;padding:20px;box-shadow:0 4px 14px rgba(0,0,0,.15)}
        .membercard .union{font-size:15px;opacity:.9}.membercard .name{font-size:26px;font-weight:600;margin:10px 0 2px}
        .membercard dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:12px 0 0}.membercard dt{opacity:.8}.membercard dd{margin:0}
        .code{background:#fff;border-radius:8px;padding:16px;margin:12px 0;text-align:center}
        .code .digits{font:600 34px/1.2 ui-monospace,Menlo,monospace;letter-spacing:6px;color:#8f0b21}
        .note{color:#666;font-size:13px}details summary{font-weight:600;cursor:pointer}details form{margin-top:14px}
        label{display:block;margin:0 0 10px}select,textarea{display:block;width:100%;font:inherit;padding:8px;border:1px solid #ccc;border-radius:6px;margin-top:4px}
        label.confirm{display:flex;gap:8px;align-items:center}label.confirm input{width:20px;height:20px}.notice{background:#e8f5ec;color:#0a6b2d}
        button{width:100%;min-height:44px;font-size:16px;border:0;border-radius:6px;background:#c8102e;color:#fff}button.secondary{background:#fff;color:#c8102e;border:1px solid #c8102e}a.join{display:block;text-align:center;padding:12px;border-radius:6px;background:#c8102e;color:#fff;text-decoration:none}.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}
        """;

    public static HtmlPage Card(Registration registration, string code, DateTimeOffset now, AntiforgeryTokenSet tokens, IReadOnlyList<string> unions, string? notice = null, int status = StatusCodes.Status200OK) => Page("电子会员卡", Html.Of($"""
        {(notice is null ? Markup.Empty : Html.Of($"""<p class="card notice" role="status">{notice}</p>"""))}
        <section class="membercard" aria-label="会员卡">
        <div class="union">{registration.Union}</div>
        <div class="name">{registration.Name}</div>
        <dl><dt>会员号</dt><dd>{registration.Number}</dd><dt>入会日期</dt><dd>{ChinaTime.Format(registration.Since, "yyyy年M月d日")}</dd></dl>
        </section>
        <section class="code" aria-label="今日核验码">
        <div class="note">今日核验码（{ChinaTime.Format(now, "M月d日")}）</div>
        <div class="digits">{code}</div>
        </section>
        <p class="note">办理普惠服务时出示本页，工作人员核对会员号和核验码即可。核验码每天更新，截图过期无效。</p>
        {Changes(registration, tokens, unions)}
        """), status);

    // 转会 and 退会: one open request at a time, decided by staff; the member is told in WeChat.
    private static Markup Changes(Registration registration, AntiforgeryTokenSet tokens, IReadOnlyList<string> unions)
    {
        if (registration.Change is { } open)
        {
            return Html.Of($"""<p class="card">您的{MemberRegistry.Name(open.Kind)}申请{(open.ToUnion is null ? "" : "（转入" + open.ToUnion + "）")}已于 {ChinaTime.Minute(open.At)} 提交，工会办理后会在公众号通知您。</p>""");
        }
        var token = Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
        var others = unions.Where(u => u != registration.Union).Select(u => Html.Of($"<option>{u}</option>")).ToList();
        return Html.Of($"""
            <details class="card"><summary>申请转会或退会</summary>
            {(others.Count == 0 ? Markup.Empty : Html.Of($"""
                <form method="post" action="{CardEndpoints.Root}/card/transfer">{token}
                <label>转入的工会<select name="union">{others}</select></label>
                <label>原因（可不填）<textarea name="note" maxlength="{ChangeNoteMax}"></textarea></label>
                <button type="submit">申请转会</button>
                </form>
                """))}
            <form method="post" action="{CardEndpoints.Root}/card/leave">{token}
            <label>退会原因（可不填）<textarea name="note" maxlength="{ChangeNoteMax}"></textarea></label>
            <label class="confirm"><input type="checkbox" name="confirm" value="yes"> 我确认申请退出工会</label>
            <button type="submit" class="secondary">申请退会</button>
            </form>
            </details>
            """);
    }

    public const int ChangeNoteMax = 200;

    public static HtmlPage Message(string text, int status = StatusCodes.Status200OK, string? joinLink = null) =>
        Page("电子会员卡", Html.Of($"""
            <p class="card">{text}</p>
            {(joinLink is null ? Markup.Empty : Html.Of($"""<p><a class="join" href="{joinLink}">在线申请入会</a></p>"""))}
            """), status);

    private static HtmlPage Page(string title, Markup body, int status = StatusCodes.Status200OK) => new(Html.Of($"""
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title}</title><style>{new Markup(Style)}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>
        """).Value, status);
}
