using UnionWeChat.Functions.Platform.Hosting;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// <c>/api/console/notices/{id}</c>: what the member will see, who gets it and the checks before sending, then the
/// progress and the delivery report, with the steps this person may take. Which buttons show is asked of
/// <see cref="NoticeLifecycle"/> itself, so a button is never offered that the rule would refuse unexplained.
/// </summary>
public static class NoticePage
{
    /// <summary>Seconds between reloads while a notice is sending; the page has no script, so the browser reloads it.</summary>
    public const int RefreshSeconds = 10;

    /// <summary>What the page reads, bundled for the handlers.</summary>
    public sealed record Services(NoticeStore Store, NoticeProgressReader Progress, SendQuota Quota, NoticeOptions Options, FormTokens Tokens, TimeProvider Time);

    public static Task<IResult> ShowAsync(string id, HttpContext http, [AsParameters] Services page) =>
        RenderAsync(id, http, page, http.Request.Query["done"].ToString(), null, StatusCodes.Status200OK, http.RequestAborted);

    public static async Task<IResult> RenderAsync(string id, HttpContext http, Services page, string? done, string? error, int status, CancellationToken ct)
    {
        var token = await page.Tokens.IssueAsync(http, ct);
        if (await page.Store.GetAsync(id, ct) is not { } n)
        {
            return ConsoleLayout.Page("找不到通知", Html.Of($"""<section class="error">没有这条通知。 <a href="{NoticePages.Root}">返回通知列表</a></section>"""),
                http.User, token, StatusCodes.Status404NotFound);
        }
        var progress = await page.Progress.ReadAsync(n, ct);
        var view = NoticeView.Of(n, page.Options, progress);
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done == "created" ? Html.Of($"""<section class="ok" role="status">通知已保存。</section>""")
            : done is NoticeActions.Approve or NoticeActions.Pause or NoticeActions.Resume or NoticeActions.Cancel
                ? Html.Of($"""<section class="ok" role="status">已{NoticeActions.Label(done)}。</section>""") : Markup.Empty;
        if (n.Status == NoticeStatus.Sending && status == StatusCodes.Status200OK)
        {
            // The HTML standard's Refresh header: a reload every few seconds while sending, and none once it is done.
            http.Response.Headers["Refresh"] = RefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var checks = await ChecksAsync(n, view, progress, page.Quota, ct);
        // Once sending has begun, where it stands comes first; the preview and checks are what it was approved on.
        var body = Html.Of($"""
            <div class="notice">
            {flash}
            {Summary(n)}
            {Report(n, progress)}
            {Steps(n, http, token, page.Time.GetUtcNow())}
            {Preview(n, view)}
            {checks}
            <p><a href="{NoticePages.Root}">返回通知列表</a></p>
            </div>
            """);
        return ConsoleLayout.Page(n.Title, body, http.User, token, status);
    }

    private static Markup Summary(Notice n) => Html.Of($"""
        <section><table class="facts">
        <tr><th>状态</th><td><span class="state {NoticeView.Name(n.Status)}">{NoticeLabels.Of(n.Status)}</span></td></tr>
        <tr><th>发送方式</th><td>{NoticeLabels.Of(n.Channel)}</td></tr>
        <tr><th>通知对象</th><td>{NoticeLabels.Of(n.Audience)}</td></tr>
        <tr><th>重要通知</th><td>{(n.Essential ? "是（已退订的成员也会收到）" : "否（已退订的成员不会收到）")}</td></tr>
        <tr><th>发送时间</th><td>{ConsoleLayout.Time(n.SendAt)}</td></tr>
        <tr><th>创建</th><td>{ConsoleLayout.Time(n.CreatedAt)} · {n.CreatedBy}</td></tr>
        {(n.ApprovedBy is null ? Markup.Empty : Html.Of($"<tr><th>批准</th><td>{ConsoleLayout.Time(n.ApprovedAt)} · {n.ApprovedBy}</td></tr>"))}
        {(n.ChangedBy is null ? Markup.Empty : Html.Of($"<tr><th>最近操作</th><td>{ConsoleLayout.Time(n.ChangedAt)} · {(n.ChangedBy == "sender" ? "系统" : n.ChangedBy)}</td></tr>"))}
        <tr><th>开始发送</th><td>{ConsoleLayout.Time(n.StartedAt)}</td></tr>
        <tr><th>发送完成</th><td>{ConsoleLayout.Time(n.CompletedAt)}</td></tr>
        </table></section>
        """);

    private static Markup Steps(Notice n, HttpContext http, string token, DateTimeOffset now)
    {
        var user = http.User;
        var me = user.StaffName();
        var root = $"{NoticePages.Root}/{Uri.EscapeDataString(n.Id)}";
        var buttons = new List<Markup>();
        var notes = new List<Markup>();
        if (n.Status == NoticeStatus.AwaitingApproval)
        {
            var refusal = user.IsAdmin() ? NoticeLifecycle.Approve(n, me, now).Refusal : null;
            if (!user.IsAdmin())
            {
                notes.Add(Html.Of($"""<p class="muted" id="approve-note">这条通知面向全体关注者，需要一位管理员（不是发起人）批准后才会发送。</p>"""));
            }
            else if (refusal is not null)
            {
                notes.Add(Html.Of($"""<p class="muted" id="approve-note">不能由你批准：{refusal.Reason}</p>"""));
            }
            else
            {
                buttons.Add(Button(root, NoticeActions.Approve, token, primary: true));
            }
        }
        if (user.CanWrite())
        {
            foreach (var (step, rule) in new (string, Func<Notice, string, DateTimeOffset, Decision<Notice>>)[]
                { (NoticeActions.Pause, NoticeLifecycle.Pause), (NoticeActions.Resume, NoticeLifecycle.Resume), (NoticeActions.Cancel, NoticeLifecycle.Cancel) })
            {
                if (rule(n, me, now).Refusal is null)
                {
                    buttons.Add(Button(root, step, token, primary: step == NoticeActions.Resume));
                }
            }
        }
        return buttons.Count == 0 && notes.Count == 0 ? Markup.Empty
            : Html.Of($"""<section><h2>操作</h2>{notes}<div class="actions">{buttons}</div></section>""");
    }

    private static Markup Button(string root, string step, string token, bool primary) =>
        ConsoleLayout.Form($"{root}/{step}", token, Html.Of($"""<button type="submit" class="{(primary ? "primary" : "")}">{NoticeActions.Label(step)}</button>"""));

    // Exactly what goes to WeChat: the template's keyword fields as NoticeContent fills them, or the text.
    private static Markup Preview(Notice n, NoticeView view)
    {
        var content = n.Channel switch
        {
            NoticeChannel.Template => Html.Of($"""
                <p class="muted">模板 {n.Template?.TemplateId}：微信只显示下面这些关键词字段，字段的中文名称以公众号后台的模板为准。</p>
                <dl class="wx" id="preview">{view.TemplatePreview.Select(f => Html.Of($"""<dt>{f.Keyword}</dt><dd>{f.Value}</dd>"""))}</dl>
                {((n.Template?.Url ?? n.Article?.Url) is { } url ? Html.Of($"""<p class="muted">点开后打开：{url}</p>""") : Markup.Empty)}
                """),
            NoticeChannel.Custom when NoticeContent.CustomArticle(n) is { } a => Html.Of($"""
                <div class="wx" id="preview"><b>{a.Title}</b><p class="text">{a.Description}</p><p class="muted">{a.Url}</p></div>
                """),
            _ => Html.Of($"""<div class="wx text" id="preview">{NoticeContent.Text(n)}</div>"""),
        };
        return Html.Of($"""<section><h2>成员将看到</h2>{content}</section>""");
    }

    private static async Task<Markup> ChecksAsync(Notice n, NoticeView view, NoticeProgress progress, SendQuota quota, CancellationToken ct)
    {
        var counted = n.Preflight is { } p
            ? Html.Of($"""
                <div class="figures">
                <div><b>{p.Recipients}</b>接收人数</div>
                <div><b>{p.OptedOut}</b>已退订{(n.Essential ? "（仍会收到）" : "（不会收到）")}</div>
                {(n.Channel == NoticeChannel.Mass ? Html.Of($"<div><b>{p.OverMassBudget}</b>本月群发已满</div>") : Markup.Empty)}
                {(n.Channel == NoticeChannel.Custom ? Html.Of($"<div><b>{p.OutsideServiceWindow}</b>不在客服消息窗口</div>") : Markup.Empty)}
                </div>
                <p class="muted">统计于 {ConsoleLayout.Time(p.CountedAt)}</p>
                """)
            : Markup.Empty;
        var finished = n.Status is NoticeStatus.Completed or NoticeStatus.Cancelled or NoticeStatus.Refused;
        var allowance = Markup.Empty;
        if (!finished)
        {
            var (api, what) = n.Channel switch
            {
                NoticeChannel.Mass => (SendApi.Mass, "群发次数"),
                NoticeChannel.Custom => (SendApi.Custom, "客服消息额度"),
                _ => (SendApi.Template, "模板消息额度"),
            };
            var today = await quota.StatusAsync(api, ct);
            var eta = progress.EstimatedCompletion is { } at ? Html.Of($"；预计 {ConsoleLayout.Time(at)} 发完") : Markup.Empty;
            allowance = Html.Of($"""<p id="quota">今日{what}：已用 {today.Used} / {today.Limit}，剩余 {today.Left}{eta}。</p>""");
        }
        var warnings = view.Warnings.Count == 0 ? Markup.Empty
            : Html.Of($"""<ul class="warnings">{view.Warnings.Select(w => Html.Of($"<li>{w}</li>"))}</ul>""");
        if (finished && n.Preflight is null && warnings.Value.Length == 0)
        {
            return Markup.Empty;
        }
        return Html.Of($"""<section><h2>发送前检查</h2>{counted}{allowance}{warnings}</section>""");
    }

    private static Markup Report(Notice n, NoticeProgress p)
    {
        if (n.Status == NoticeStatus.Refused)
        {
            return Html.Of($"""<section class="error" id="report"><h2>送达报告</h2><p>没有发送：{n.Refusal?.Reason ?? "通知被拒绝发送"}</p></section>""");
        }
        if (n.StartedAt is null && p.Total == 0)
        {
            return Markup.Empty;
        }
        var done = p.Sent + p.Failed + p.Unconfirmed + p.Skipped;
        var sending = n.Status == NoticeStatus.Sending;
        var heading = n.Status switch
        {
            NoticeStatus.Completed => "送达报告",
            NoticeStatus.Cancelled => "送达报告（已取消，未发的不再发送）",
            NoticeStatus.Paused => "发送进度（已暂停）",
            _ => "发送进度",
        };
        var delivered = n.Channel == NoticeChannel.Custom ? Markup.Empty : Html.Of($"""
            <p class="muted">微信回报：已送达 {p.Delivered}，送达失败 {p.DeliveryFailed}（微信在发送后陆续回报，可能晚于发送）。</p>
            """);
        return Html.Of($"""
            <section id="report"><h2>{heading}</h2>
            {(n.LastStop is { } stop ? Html.Of($"""<p class="stop">{stop}</p>""") : Markup.Empty)}
            <progress class="bar" max="{Math.Max(p.Total, 1)}" value="{done}" aria-label="发送进度">{done} / {p.Total}</progress>
            <p>已处理 {done} / {p.Total} 人</p>
            <div class="figures">
            <div><b>{p.Sent}</b>已发送</div>
            <div><b>{p.Failed}</b>发送失败</div>
            <div><b>{p.Unconfirmed}</b>未确认</div>
            <div><b>{p.Skipped}</b>已跳过</div>
            <div><b>{p.Pending + p.Sending}</b>待发送</div>
            </div>
            <p class="muted">未确认：微信没有回答是否收到，为免成员收到两次不再补发。已跳过：已退订、不在客服消息窗口或本月群发已满的成员。</p>
            {delivered}
            {(sending ? Html.Of($"""<p><a href="{NoticePages.Root}/{Uri.EscapeDataString(n.Id)}">刷新</a> <span class="muted">发送中每 {RefreshSeconds} 秒自动刷新</span></p>""") : Markup.Empty)}
            </section>
            """);
    }
}
