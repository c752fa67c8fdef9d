using System.Security.Claims;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// One poll in the console: what members will read, who it is for and when, its announcements, the buttons the
/// signed-in role may use now (and why a missing one is missing), and the live results with the chart.
/// </summary>
public static class PollPage
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["created"] = "投票已提交。",
        ["approve"] = "已批准：到开始时间自动开始。",
        ["cancel"] = "投票已撤销。",
        ["close"] = "已处理提前结束。",
        ["approve-close"] = "已批准提前结束，投票已结束。",
    };

    /// <summary>What showing the page needs, bundled for the action handlers.</summary>
    public sealed record Context(PollStore Polls, TallyReader Tallies, PollAnnouncements Announcements, FormTokens Tokens, TimeProvider Time);

    public static Task<IResult> ShowAsync(string id, HttpContext http, [AsParameters] Context page) =>
        RenderAsync(id, http, page, Done.GetValueOrDefault(http.Request.Query["done"].ToString()), null, StatusCodes.Status200OK);

    public static async Task<IResult> RunAsync(string id, string done, HttpContext http, Context page, Func<string, Task<PollOutcome>> action)
    {
        var outcome = await action(http.User.StaffName());
        if (outcome.Succeeded)
        {
            http.Response.Headers.Location = $"{PollPages.Root}/{Uri.EscapeDataString(id)}?done={done}";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }
        var status = outcome.IsNotFound ? StatusCodes.Status404NotFound
            : outcome.Refusal is { Forbidden: true } ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict;
        return await RenderAsync(id, http, page, null, outcome.Refusal?.Reason, status);
    }

    private static async Task<IResult> RenderAsync(string id, HttpContext http, Context page, string? done, string? error, int status)
    {
        var ct = http.RequestAborted;
        var token = await page.Tokens.IssueAsync(http, ct);
        var poll = await page.Polls.GetAsync(id, ct);
        if (poll is null)
        {
            return ConsoleLayout.Page("找不到投票", Html.Of($"""<section class="error">没有这项投票。 <a href="{PollPages.Root}">返回投票列表</a></section>"""),
                http.User, token, StatusCodes.Status404NotFound);
        }
        var now = page.Time.GetUtcNow();
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null ? Html.Of($"""<section class="ok" role="status">{done}</section>""") : Markup.Empty;
        var link = page.Announcements.LinkFor(poll);
        var announcements = await page.Announcements.ListAsync(poll, ct);
        var sent = announcements.Count == 0 ? Markup.Empty : Html.Of($"""
            <tr><th>通知</th><td>{Html.Join(announcements.Select(a => Html.Of($"""<a href="{ConsoleLayout.Root}/notices/{Uri.EscapeDataString(a.Notice.Id)}">{(a.Kind == PollAnnouncements.OpeningKind ? "开始通知" : "结果通知")}</a>（{NoticeLabel(a.Notice)}） """)))}</td></tr>
            """);
        var results = poll.Status is PollStatus.Open or PollStatus.Closed || poll.OpenedAt is not null || poll.AcceptsBallotsAt(now)
            ? ResultsSection(poll, await page.Tallies.GetAsync(poll, ct), now)
            : Markup.Empty;
        var body = Html.Of($"""
            {flash}
            <section><div class="scroll"><table class="facts">
            <tr><th>状态</th><td><span class="chip">{PollLabels.Status(poll, now)}</span></td></tr>
            <tr><th>对象</th><td>{PollLabels.Audience(poll.Audience)}</td></tr>
            <tr><th>时间</th><td><span class="nowrap">{ConsoleLayout.Time(poll.OpensAt)}</span> 至 <span class="nowrap">{ConsoleLayout.Time(poll.ClosesAt)}</span>（北京时间）</td></tr>
            <tr><th>方式</th><td>{(poll.MultipleChoice ? $"多选，最多 {poll.MaxChoices} 项" : "单选")}；开始时{PollLabels.Channel(poll.Channel)}{(poll.AnnounceResults ? "，结束后推送结果" : "")}</td></tr>
            <tr><th>结果</th><td>{PollLabels.Visibility(poll.Visibility)}</td></tr>
            <tr><th>创建</th><td>{poll.CreatedBy} · {ConsoleLayout.Time(poll.CreatedAt)}{(poll.ApprovedBy is { } a ? Html.Of($"<br>批准：{a} · {ConsoleLayout.Time(poll.ApprovedAt)}") : Markup.Empty)}</td></tr>
            {sent}
            </table></div>
            {Actions(poll, http.User, token, now)}
            </section>
            {results}
            <h2>预览：成员看到的内容</h2>
            {(poll.Channel == AnnouncementChannel.None ? Markup.Empty : Html.Of($"""<p class="muted">开始时的通知</p><div class="bubble text">{PollTexts.Opening(poll, link)}</div>"""))}
            <p class="muted">在对话中回复“投票”后看到的选票</p><div class="bubble text">{PollTexts.Ballot(poll)}</div>
            <p class="muted">投票页面：{(link is null ? Html.Of($"还没有设置公网地址，通知中不带投票页面链接（请系统管理员设置 Polls__PublicBaseUrl）。") : Html.Of($"<a href=\"{link}\">{link}</a>"))}</p>
            <p><a href="{PollPages.Root}">返回投票列表</a></p>
            """);
        return ConsoleLayout.Page(poll.Title, body, http.User, token, status);
    }

    // Only the buttons this role may use on the poll as it is now; where the one staff expect is missing, say why.
    private static Markup Actions(Poll poll, ClaimsPrincipal user, string token, DateTimeOffset now)
    {
        if (!user.CanWrite())
        {
            return Markup.Empty;
        }
        var root = $"{PollPages.Root}/{Uri.EscapeDataString(poll.Id)}";
        var me = user.StaffName();
        var parts = new List<Markup>();
        if (poll.Status == PollStatus.AwaitingApproval)
        {
            parts.Add(user.IsAdmin() && poll.CreatedBy != me && poll.ChangedBy != me
                ? ConsoleLayout.Form($"{root}/approve", token, Html.Of($"""<button class="primary" type="submit">批准</button>"""), "inline")
                : Html.Of($"""<p class="muted">待批准：须由创建者以外的另一位管理员批准（创建者 {poll.CreatedBy}）。</p>"""));
        }
        if (PollLifecycle.NotYetOpen(poll, now))
        {
            parts.Add(ConsoleLayout.Form($"{root}/cancel", token, Html.Of($"""<button type="submit">撤销投票</button>"""), "inline"));
        }
        if (poll.AcceptsBallotsAt(now))
        {
            if (poll.CloseRequestedBy is { } asked)
            {
                parts.Add(user.IsAdmin() && asked != me
                    ? ConsoleLayout.Form($"{root}/approve-close", token, Html.Of($"""<button class="primary" type="submit">批准提前结束</button> <span class="muted">{asked} 申请提前结束</span>"""), "inline")
                    : Html.Of($"""<p class="muted">{asked} 已申请提前结束，须由另一位管理员批准。</p>"""));
            }
            else
            {
                var note = poll.Audience.NeedsApproval ? "（面向全部关注者：须另一位管理员批准）" : "";
                parts.Add(ConsoleLayout.Form($"{root}/close", token, Html.Of($"""<button type="submit">提前结束</button> <span class="muted">{note}</span>"""), "inline"));
            }
        }
        // The console's shared row of action buttons (the same as a notice's).
        return Html.Of($"""<div class="actions">{Html.Join(parts)}</div>""");
    }

    private static Markup ResultsSection(Poll poll, PollTally tally, DateTimeOffset now)
    {
        var rows = Html.Join(poll.Options.Select((text, i) => Html.Of($"""
            <tr><td>{i + 1}. {text}</td><td class="num">{tally.Counts[i]}</td><td class="num">{PollTexts.Share(tally.Counts[i], tally.Voters)}</td></tr>
            """)));
        var turnout = tally.Turnout is { } t ? Html.Of($"，参与率 {PollTexts.Share((long)Math.Round(t * 1000), 1000)}（对象 {tally.AudienceSize} 人）") : Markup.Empty;
        var live = poll.AcceptsBallotsAt(now) ? "（进行中，数字随投票更新）" : "";
        return Html.Of($"""
            <h2>结果{live}</h2>
            <section>
            <p>共 <b>{tally.Voters}</b> 人参加{turnout}。统计于 {ConsoleLayout.Time(tally.CountedAt)}。</p>
            {new Markup(ResultsChart.Svg(poll, tally))}
            <div class="scroll"><table class="counts"><thead><tr><th>选项</th><th class="num">票数</th><th class="num">占参加人数</th></tr></thead><tbody>{rows}</tbody></table></div>
            <p><a href="{PollPages.Root}/{Uri.EscapeDataString(poll.Id)}">刷新</a> · <a href="{PollPages.Root}/{Uri.EscapeDataString(poll.Id)}/results.csv">下载结果（CSV，可用 Excel 打开）</a></p>
            </section>
            """);
    }

    private static string NoticeLabel(Notice notice) => notice.Status switch
    {
        NoticeStatus.Completed => "已发送",
        NoticeStatus.Sending => "发送中",
        NoticeStatus.Paused => "已暂停",
        NoticeStatus.Cancelled => "已取消",
        NoticeStatus.Refused => "未发送：" + notice.Refusal?.Reason,
        _ => "待发送",
    };
}
