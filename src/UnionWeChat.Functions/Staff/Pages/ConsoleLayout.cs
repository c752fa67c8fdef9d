using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Staff.Pages;

/// <summary>
/// The console's page frame: phone-first CSS, the navigation, and a Content-Security-Policy that allows no script
/// at all and only this stylesheet (by hash): even markup that slipped through encoding could not run.
/// </summary>
public static class ConsoleLayout
{
    public const string Root = "/api/console";

    /// <summary>Where a feature's file uploads go (<c>multipart/form-data</c>): the only console forms allowed a large body.</summary>
    public const string UploadRoot = Root + "/upload";

    public const long MaxUploadBytes = 4 * 1024 * 1024;

    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9}
        header{background:#b3202a;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
        header a,header button{color:#fff;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer;padding:.25rem 0}
        header strong{margin-right:auto}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.3rem;margin:.25rem 0 1rem}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        section,.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
        table{width:100%;border-collapse:collapse;background:#fff}
        th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
        th{font-weight:600;background:#f6f8fa;white-space:nowrap}
        .scroll{overflow-x:auto}
        .chips{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
        .chips a{display:inline-block;padding:.2rem .7rem;border-radius:1rem;background:#fff;border:1px solid #d0d7de;color:#1f2328;text-decoration:none}
        .chips a.on{background:#b3202a;border-color:#b3202a;color:#fff}
        form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0}
        label{display:block;font-size:.85rem;color:#57606a}
        input,select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #d0d7de;border-radius:6px;max-width:100%}
        textarea{width:100%;min-height:5rem}
        button.primary{background:#b3202a;color:#fff;border:0;border-radius:6px;padding:.45rem 1rem;font:inherit;cursor:pointer}
        .muted{color:#57606a;font-size:.85rem}
        .late{color:#b3202a;font-weight:600}
        .ok{background:#dafbe1;border-color:#4ac26b}
        .error{background:#ffebe9;border-color:#ff8182}
        .text{white-space:pre-wrap;word-break:break-word}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}
        .figures div{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .75rem}
        .figures b{display:block;font-size:1.4rem}
        svg{max-width:100%;height:auto;background:#fff}
        ol.history{list-style:none;padding:0;margin:0}
        ol.history li{border-left:3px solid #d0d7de;padding:.25rem .75rem;margin:0 0 .5rem}
        ol.history li.worker{border-color:#b3202a}
        /* cases */
        time,.status,.late{white-space:nowrap}
        table.list td{white-space:nowrap}
        @media (max-width:36rem){table.list thead{display:none}table.list tr{display:block;border-bottom:1px solid #d0d7de;padding:.35rem 0}table.list td{display:flex;gap:.75rem;border:0;padding:.1rem .5rem;white-space:normal}table.list td::before{content:attr(data-label);flex:0 0 3.5em;color:#57606a;font-size:.85rem}}
        table.fields th{width:8.5em}
        @media (max-width:36rem){table.fields th,table.fields td{display:block;width:auto}table.fields th{border:0;padding:.5rem .5rem 0;background:none;color:#57606a;font-size:.85rem}}
        ul.evidence{list-style:none;padding:0;margin:0}
        ul.evidence li{margin:0 0 .75rem}
        ul.evidence img{display:block;max-width:100%;height:auto;max-height:24rem;border:1px solid #d0d7de;border-radius:4px}
        ul.evidence audio,ul.evidence video{display:block;width:100%;max-width:24rem}
        .hash{word-break:break-all;font-family:ui-monospace,monospace;font-size:.75rem}
        .chart-narrow{display:none}
        @media (max-width:36rem){.chart-wide{display:none}.chart-narrow{display:block}}
        button.danger{background:#fff;color:#b3202a;border:1px solid #b3202a;border-radius:6px;padding:.35rem .9rem;font:inherit;cursor:pointer}
        section.answer label{margin:0 0 .5rem}
        section.answer input:not([type=number]){width:100%}
        section.answer textarea{min-height:8rem}
        .figures i{font-style:normal}
        /* polls */
        .chip{display:inline-block;white-space:nowrap;padding:0 .5rem;border-radius:1rem;background:#eaeef2}
        .bubble{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:.6rem .8rem;max-width:32rem;margin:0 0 1rem}
        .field-error{display:block;color:#b3202a;font-size:.85rem}
        .form label{margin:0 0 .75rem}
        .form input:not([type=radio]):not([type=checkbox]),.form select{width:100%}
        label.choice{color:#1f2328;font-size:1rem;margin:.35rem 0}
        label.tag{display:inline-block;margin-right:1rem}
        fieldset{border:0;padding:0;margin:0 0 .75rem}
        legend{font-size:.85rem;color:#57606a;padding:0}
        .pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:0 .75rem}
        a.button{display:inline-block;background:#b3202a;color:#fff;border-radius:6px;padding:.45rem 1rem;text-decoration:none}
        table.facts th{width:4.5em;white-space:nowrap}
        th.num,td.num,td.when{text-align:right;white-space:nowrap}
        td.when{text-align:left}
        .nowrap{white-space:nowrap}
        table.list td.title{white-space:normal;min-width:8em}
        /* surveys */
        ol.questions li{margin:0 0 .9rem}
        /* notices */
        .stop{color:#b3202a;font-weight:600}
        .compose input:not([type=radio]):not([type=checkbox]),.compose select{width:100%}
        .compose label{margin:.6rem 0 .15rem}
        .choice{margin:.35rem 0}
        label.pick{display:flex;gap:.5rem;align-items:center;font-size:1rem;color:#1f2328;margin:0}
        .choice p.muted{margin:.1rem 0 .25rem 1.6rem}
        .sub{margin:.25rem 0 .5rem 1.6rem}
        .choice:has(input[type=radio]:not(:checked)) .sub{display:none}
        .tags{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
        .kw{display:grid;grid-template-columns:minmax(6rem,1fr) 2fr;gap:.5rem;margin:.3rem 0}
        .field-error{color:#b3202a;font-size:.85rem;margin:.15rem 0 .5rem}
        table.facts th{width:6.5rem;white-space:nowrap}
        .wx{max-width:26rem;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
        dl.wx{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}
        dl.wx dt{color:#57606a}
        dl.wx dd{margin:0;word-break:break-word}
        .warnings li{color:#9a6700}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem}
        .actions form{margin:0}
        .actions button:not(.primary){font:inherit;padding:.45rem 1rem;border-radius:6px;border:1px solid #d0d7de;background:#fff;cursor:pointer}
        progress.bar{width:100%;height:1.25rem;accent-color:#b3202a}
        ul.notices{list-style:none;padding:0;margin:0}
        ul.notices li{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:0 0 .6rem}
        ul.notices .head a{font-weight:600;font-size:1.05rem;word-break:break-word}
        .state{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;background:#eaeef2;white-space:nowrap}
        .state.sending,.state.scheduled{background:#ddf4ff}
        .state.completed{background:#dafbe1}
        .state.refused,.state.cancelled{background:#ffebe9}
        .state.awaiting-approval,.state.paused{background:#fff8c5}
        a.button.primary{display:inline-block;text-decoration:none;background:#b3202a;color:#fff;border-radius:6px;padding:.45rem 1rem}
        .meter span{font-size:.85rem;color:#57606a}
        .compose h2,.notice h2{margin-top:.25rem}
        .notice .figures{grid-template-columns:repeat(auto-fit,minmax(6.5rem,1fr))}
        .when{white-space:nowrap}
        """;

    private static readonly string StyleHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{StyleHash}'; img-src 'self' data:; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>A whole page. <paramref name="signOutToken"/> is the form token for the sign-out button (null: signed out).</summary>
    public static IResult Page(string title, Markup body, ClaimsPrincipal user, string? signOutToken, int status = StatusCodes.Status200OK)
    {
        var nav = signOutToken is null ? Markup.Empty : Html.Of($"""
            <a href="{Root}/">案件</a><a href="{Root}/breaches">超时督办</a><a href="{Root}/stats">统计</a><a href="{Root}/polls">投票</a><a href="{Root}/surveys">问卷</a><a href="{Root}/notices">通知</a><a href="{Root}/members/">会员</a>{(user.IsAdmin() ? Html.Of($"""<a href="{Root}/answers">自动答复</a>""") : Markup.Empty)}
            <form method="post" action="{Root}/signout"><input type="hidden" name="_form" value="{signOutToken}"><button type="submit" title="退出">{user.Identity?.Name} · 退出</button></form>
            """);
        var page = Html.Of($"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
            <title>{title} · 职工之家工作台</title><style>{new Markup(Css)}</style></head>
            <body><header><strong>职工之家工作台</strong>{nav}</header><main><h1>{title}</h1>{body}</main></body></html>
            """);
        return Results.Content(page.Value, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A POST form carrying the anti-forgery token.</summary>
    public static Markup Form(string action, string token, Markup fields, string css = "") => Html.Of($"""
        <form method="post" action="{action}" class="{css}"><input type="hidden" name="_form" value="{token}">{fields}</form>
        """);

    public static Markup Time(DateTimeOffset? at) =>
        at is { } t ? Html.Of($"{ChinaTime.Minute(t)}") : Html.Of($"—");
}
