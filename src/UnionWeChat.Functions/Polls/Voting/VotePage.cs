using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;

namespace UnionWeChat.Functions.Polls;

/// <summary>The vote page's HTML: mobile-first, no script, every piece of poll text encoded.</summary>
public static class VotePage
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f6f6f6}
        main{max-width:560px;margin:0 auto;padding:16px}h1{font-size:20px;margin:8px 0 4px}.meta{color:#666;font-size:13px;margin:0 0 12px}
        .card{background:#fff;border-radius:8px;padding:16px;margin:12px 0}fieldset{border:0;margin:0;padding:0}legend{font-weight:600;margin-bottom:8px}
        label.option{display:flex;gap:10px;align-items:center;padding:12px;border:1px solid #ddd;border-radius:6px;margin:8px 0;min-height:48px}
        input[type=radio],input[type=checkbox]{width:20px;height:20px;flex:none}
        button{width:100%;min-height:48px;font-size:17px;border:0;border-radius:6px;background:#c8102e;color:#fff;margin-top:8px}
        .error{color:#b00020;background:#fdecee;border-radius:6px;padding:10px}.ok{color:#0a6b2d;background:#e8f5ec;border-radius:6px;padding:10px}
        .receipt{font:600 22px/1.4 ui-monospace,Menlo,monospace;letter-spacing:2px}.note{color:#666;font-size:13px}
        """;

    public static HtmlPage Ballot(Poll poll, AntiforgeryTokenSet tokens, string? error, PollTally? tally, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder(Header(poll));
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }
        var type = poll.MultipleChoice ? "checkbox" : "radio";
        body.Append("<form class=\"card\" method=\"post\" action=\"/api/vote/").Append(poll.Id).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken ?? "")).Append("\">")
            .Append("<fieldset><legend>").Append(poll.MultipleChoice ? $"请选择（最多选 {poll.MaxChoices} 项）" : "请选择一项").Append("</legend>");
        for (var i = 0; i < poll.Options.Count; i++)
        {
            body.Append("<label class=\"option\"><input type=\"").Append(type).Append("\" name=\"choice\" value=\"").Append(i + 1).Append("\">")
                .Append("<span>").Append(E(poll.Options[i])).Append("</span></label>");
        }
        body.Append("</fieldset><button type=\"submit\">提交投票</button>")
            .Append("<p class=\"note\">每人限投一次，").Append(PollTexts.Unchangeable).Append("</p></form>");
        AppendResults(body, poll, tally);
        return Page(poll.Title, body, status);
    }

    public static HtmlPage Voted(Poll poll, string receipt, bool justNow, PollTally? tally, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder(Header(poll)).Append("<div class=\"card\">")
            .Append(justNow ? "<p class=\"ok\" role=\"status\">投票成功，谢谢您的参与！</p>" : "<p class=\"error\" role=\"alert\">您已投过票，投票不能修改。</p>")
            .Append("<p>回执码</p><p class=\"receipt\">").Append(E(receipt)).Append("</p>")
            .Append("<p class=\"note\">请保留回执码以便核对。").Append(PollTexts.Unchangeable).Append("</p></div>");
        AppendResults(body, poll, tally);
        if (tally is null)
        {
            body.Append("<p class=\"note\">").Append(poll.Visibility == ResultsVisibility.AfterClose ? "投票结束后公布结果。" : "结果由工会统一公布。").Append("</p>");
        }
        return Page(poll.Title, body, status);
    }

    public static HtmlPage Message(Poll? poll, string text, PollTally? tally, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder(poll is null ? "" : Header(poll)).Append("<p class=\"card\">").Append(E(text)).Append("</p>");
        if (poll is not null)
        {
            AppendResults(body, poll, tally);
        }
        return Page(poll?.Title ?? "投票", body, status);
    }

    private static string Header(Poll poll)
    {
        var header = new StringBuilder("<h1>").Append(E(poll.Title)).Append("</h1>")
            .Append("<p class=\"meta\">投票时间：").Append(E(PollTexts.Window(poll))).Append("</p>");
        if (poll.Description.Length > 0)
        {
            header.Append("<p>").Append(E(poll.Description)).Append("</p>");
        }
        return header.ToString();
    }

    private static void AppendResults(StringBuilder body, Poll poll, PollTally? tally)
    {
        if (tally is null)
        {
            return;
        }
        body.Append("<section class=\"card\" aria-label=\"投票结果\"><h2 style=\"font-size:17px;margin:0 0 8px\">")
            .Append(poll.Status == PollStatus.Closed ? "最终结果" : "实时结果").Append("</h2>")
            .Append(ResultsChart.Svg(poll, tally)).Append("</section>");
    }

    private static HtmlPage Page(string title, StringBuilder body, int status) => new(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
        "<title>" + E(title) + "</title><style>" + Style + "</style></head><body><main>" + body + "</main></body></html>",
        status);

    private static string E(string text) => Html.Encoder.Encode(text);
}
