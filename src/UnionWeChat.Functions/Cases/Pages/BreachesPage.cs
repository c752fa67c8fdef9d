using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Cases;

/// <summary><c>/api/console/breaches</c>: SLA breaches of the last 90 days, and whom each was notified to.</summary>
public static class BreachesPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, BreachLedger ledger, TimeProvider time, FormTokens tokens, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var breaches = await ledger.ListAsync(time.GetUtcNow().AddDays(-90), ct);
        var rows = breaches.Select(b => Html.Of($"""
            <tr><td data-label="编号"><a href="{ConsoleLayout.Root}/cases/{Uri.EscapeDataString(b.Number)}">{b.Number}</a></td><td data-label="超时" class="late">{SlaClock.Label(b.Breach)}</td>
            <td data-label="期限">{ConsoleLayout.Time(b.Due)}</td><td data-label="承办人">{b.Assignee ?? "未指派"}</td><td data-label="发现">{ConsoleLayout.Time(b.At)}</td><td data-label="通知">{b.Notified ?? "通知中"}</td></tr>
            """));
        var body = breaches.Count == 0
            ? Html.Of($"""<section>近 90 天没有超时案件。</section>""")
            : Html.Of($"""
                <div class="scroll"><table class="list"><thead><tr><th>编号</th><th>超时</th><th>期限</th><th>承办人</th><th>发现时间</th><th>通知</th></tr></thead>
                <tbody>{rows}</tbody></table></div>
                """);
        return ConsoleLayout.Page("超时督办", body, http.User, token);
    }
}
