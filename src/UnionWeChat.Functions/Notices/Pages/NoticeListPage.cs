using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Notices;

/// <summary><c>/api/console/notices</c>: every notice newest first, a page at a time, with where its sending stands.</summary>
public static class NoticeListPage
{
    public const int PageSize = 20;

    public static async Task<IResult> ShowAsync(HttpContext http, NoticeStore store, NoticeProgressReader progress, FormTokens tokens, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var all = await store.ListAsync(ct);
        var page = int.TryParse(http.Request.Query["page"], out var p) && p > 1 ? p : 1;
        var shown = all.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        // Progress is a point read per bucket: read only for notices that have started, in parallel.
        var progresses = await Task.WhenAll(shown.Select(n => n.StartedAt is null ? Task.FromResult<NoticeProgress?>(null) : ReadAsync(progress, n, ct)));
        var compose = http.User.CanWrite() ? Html.Of($"""<p><a class="button primary" href="{NoticePages.Root}/new">新建通知</a></p>""") : Markup.Empty;
        var items = shown.Count == 0
            ? Html.Of($"""<p class="muted">还没有通知。</p>""")
            : Html.Of($"""<ul class="notices">{shown.Select((n, i) => Item(n, progresses[i]))}</ul>""");
        var paging = Html.Of($"""
            <p>{(page > 1 ? Html.Of($"""<a href="{NoticePages.Root}?page={page - 1}">上一页</a> """) : Markup.Empty)}{(all.Count > page * PageSize ? Html.Of($"""<a href="{NoticePages.Root}?page={page + 1}">下一页</a>""") : Markup.Empty)}</p>
            """);
        var body = Html.Of($"""
            {compose}
            <p class="muted">共 {all.Count} 条通知</p>
            {items}
            {paging}
            """);
        return ConsoleLayout.Page("通知", body, http.User, token);
    }

    private static async Task<NoticeProgress?> ReadAsync(NoticeProgressReader reader, Notice n, CancellationToken ct) => await reader.ReadAsync(n, ct);

    private static Markup Item(Notice n, NoticeProgress? p)
    {
        var when = n.StartedAt is { } started
            ? Html.Of($"""发送于 <span class="when">{ConsoleLayout.Time(started)}</span>{(n.CompletedAt is { } done ? Html.Of($"""，完成于 <span class="when">{ConsoleLayout.Time(done)}</span>""") : Markup.Empty)}""")
            : Html.Of($"""定于 <span class="when">{ConsoleLayout.Time(n.SendAt)}</span>""");
        var progress = p is null ? Markup.Empty : Html.Of($"""
            <div class="meter"><progress class="bar" max="{Math.Max(p.Total, 1)}" value="{p.Total - p.Pending - p.Sending}" aria-label="发送进度"></progress>
            <span>已发送 {p.Sent} · 失败 {p.Failed} · 未确认 {p.Unconfirmed} · 跳过 {p.Skipped} / 共 {p.Total}</span></div>
            """);
        return Html.Of($"""
            <li><div class="head"><a href="{NoticePages.Root}/{Uri.EscapeDataString(n.Id)}">{n.Title}</a> <span class="state {NoticeView.Name(n.Status)}">{NoticeLabels.Of(n.Status)}</span></div>
            <div class="muted">{NoticeLabels.Of(n.Channel)} · {NoticeLabels.Of(n.Audience)}{(n.Essential ? " · 重要通知" : "")}</div>
            <div class="muted">{n.CreatedBy} 创建于 <span class="when">{ConsoleLayout.Time(n.CreatedAt)}</span> · {when}</div>
            {progress}</li>
            """);
    }
}
