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
        .note{color:#666;font-size:13px}.card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}
        """;

    public static HtmlPage Card(Registration registration, string code, DateTimeOffset now) => Page("电子会员卡", Html.Of($"""
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
        """));

    public static HtmlPage Message(string text, int status = StatusCodes.Status200OK) =>
        Page("电子会员卡", Html.Of($"""<p class="card">{text}</p>"""), status);

    private static HtmlPage Page(string title, Markup body, int status = StatusCodes.Status200OK) => new(Html.Of($"""
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{title}</title><style>{new Markup(Style)}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>
        """).Value, status);
}
