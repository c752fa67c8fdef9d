using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The polls in the console (<c>/api/console/polls</c>): the list, a form to create one, and each poll's page with
/// its preview, approval, closing and live results. Every action goes through <see cref="PollDesk"/>, as the staff
/// API's do; success redirects back (303, so a reload posts nothing twice), a refusal shows the page with the reason.
/// </summary>
public static class PollPages
{
    public const string Root = ConsoleLayout.Root + "/polls";

    public static void Map(RouteGroupBuilder console)
    {
        var read = StaffPolicies.OnConsole(StaffPolicies.Read);
        var write = StaffPolicies.OnConsole(StaffPolicies.Write);
        var admin = StaffPolicies.OnConsole(StaffPolicies.Admin);
        console.MapGet("/polls", ListAsync).RequireAuthorization(read);
        console.MapGet("/polls/new", NewAsync).RequireAuthorization(read, write);
        console.MapPost("/polls", CreateAsync).RequireAuthorization(read, write);
        console.MapGet("/polls/{id}", PollPage.ShowAsync).RequireAuthorization(read);
        // The same CSV as the API's; here the console's sign-in cookie admits it.
        console.MapGet("/polls/{id}/results.csv", StaffPollEndpoints.CsvAsync).RequireAuthorization(read);
        console.MapPost("/polls/{id}/cancel", (string id, HttpContext http, PollDesk desk, [AsParameters] PollPage.Context page) =>
            PollPage.RunAsync(id, "cancel", http, page, who => desk.CancelAsync(id, who, http.RequestAborted))).RequireAuthorization(read, write);
        console.MapPost("/polls/{id}/close", (string id, HttpContext http, PollDesk desk, [AsParameters] PollPage.Context page) =>
            PollPage.RunAsync(id, "close", http, page, who => desk.CloseAsync(id, who, http.RequestAborted))).RequireAuthorization(read, write);
        console.MapPost("/polls/{id}/approve", (string id, HttpContext http, PollDesk desk, [AsParameters] PollPage.Context page) =>
            PollPage.RunAsync(id, "approve", http, page, who => desk.ApproveAsync(id, who, http.RequestAborted))).RequireAuthorization(read, admin);
        console.MapPost("/polls/{id}/approve-close", (string id, HttpContext http, PollDesk desk, [AsParameters] PollPage.Context page) =>
            PollPage.RunAsync(id, "approve-close", http, page, who => desk.ApproveCloseAsync(id, who, http.RequestAborted))).RequireAuthorization(read, admin);
    }

    public static async Task<IResult> ListAsync(HttpContext http, PollStore polls, FormTokens tokens, TimeProvider time, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var list = (await polls.ListAsync(ct)).OrderByDescending(p => p.CreatedAt).ToList();
        var rows = Html.Join(list.Select(p => Html.Of($"""
            <tr><td data-label="投票" class="title"><a href="{Root}/{p.Id}">{p.Title}</a></td><td data-label="状态"><span class="chip">{PollLabels.Status(p, time.GetUtcNow())}</span></td>
            <td data-label="时间">{ConsoleLayout.Time(p.OpensAt)} 至 {ConsoleLayout.Time(p.ClosesAt)}</td><td data-label="对象" class="title">{PollLabels.Audience(p.Audience)}</td></tr>
            """)));
        var create = http.User.CanWrite() ? Html.Of($"""<p><a class="button" href="{Root}/new">新建投票</a></p>""") : Markup.Empty;
        var table = list.Count == 0
            ? Html.Of($"""<section class="muted">还没有投票。</section>""")
            : Html.Of($"""<div class="scroll"><table class="list"><thead><tr><th>投票</th><th>状态</th><th>时间（北京时间）</th><th>对象</th></tr></thead><tbody>{rows}</tbody></table></div>""");
        var body = Html.Of($"""
            {create}{table}
            <p class="muted">面向全部关注者的投票（以及它的提前结束）须由创建者以外的另一位管理员批准后才会开始。</p>
            """);
        return ConsoleLayout.Page("投票", body, http.User, token);
    }

    public static async Task<IResult> NewAsync(HttpContext http, FormTokens tokens, FollowerTags tags, PollsOptions options, TimeProvider time, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var now = time.GetUtcNow();
        var opens = now.AddHours(1).AddMinutes(-now.Minute).AddSeconds(-now.Second);
        var draft = new PollRequest { OpensAt = opens, ClosesAt = opens.AddDays(7), Audience = "all", Options = ["", ""] };
        return await FormAsync(http, token, draft, [], tags, options, StatusCodes.Status200OK, ct);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, PollDesk desk, FormTokens tokens, FollowerTags tags, PollsOptions options, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var (request, formErrors) = PollForm.Read(form);
        var outcome = await desk.CreateAsync(request, http.User.StaffName(), ct);
        if (outcome.Errors is { } errors || formErrors.Count > 0)
        {
            // The form's own words for a time win over the API's (which asks for an ISO time with a zone).
            var all = new Dictionary<string, string[]>(outcome.Errors ?? []);
            foreach (var (field, messages) in formErrors)
            {
                all[field] = messages;
            }
            var token = await tokens.IssueAsync(http, ct);
            return await FormAsync(http, token, request, all, tags, options, StatusCodes.Status400BadRequest, ct);
        }
        http.Response.Headers.Location = $"{Root}/{outcome.Poll!.Id}?done=created";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> FormAsync(HttpContext http, string token, PollRequest draft, Dictionary<string, string[]> errors,
        FollowerTags tags, PollsOptions options, int status, CancellationToken ct)
    {
        Markup Error(string field) => errors.TryGetValue(field, out var messages)
            ? Html.Of($"""<span class="field-error" role="alert">{string.Join(" ", messages)}</span>""")
            : Markup.Empty;
        Markup Selected(bool on) => on ? new Markup("selected") : Markup.Empty;
        Markup Checked(bool on) => on ? new Markup("checked") : Markup.Empty;

        var tagChoices = await TagChoicesAsync(tags, draft.Tags ?? [], ct);
        var audience = draft.Audience ?? "all";
        var channel = draft.Channel ?? "none";
        var visibility = draft.Visibility ?? "afterClose";
        var templateNote = string.IsNullOrWhiteSpace(options.TemplateId) ? Html.Of($"（未配置投票通知模板，暂不能选）") : Markup.Empty;
        var fields = Html.Of($"""
            {(errors.Count > 0 ? Html.Of($"""<section class="error" role="alert">没有保存：请按提示修改后再提交。</section>""") : Markup.Empty)}
            <section class="form">
            <label>标题{Error("title")}<input name="title" value="{draft.Title}" maxlength="{PollRequest.MaxTitle}"></label>
            <label>说明（选填）{Error("description")}<textarea name="description" maxlength="{PollRequest.MaxDescription}">{draft.Description}</textarea></label>
            <label>选项（每行一个，{PollRequest.MinOptions} 到 {PollRequest.MaxOptions} 个）{Error("options")}<textarea name="options" rows="5">{string.Join("\n", draft.Options ?? [])}</textarea></label>
            <label>每人最多选几项（1 为单选）{Error("maxChoices")}<input name="maxChoices" type="number" min="1" max="{PollRequest.MaxOptions}" value="{draft.MaxChoices ?? 1}"></label>
            </section>
            <section class="form">
            <fieldset><legend>投票对象</legend>{Error("audience")}
            <label class="choice"><input type="radio" name="audience" value="all" {Checked(audience == "all")}> 全部关注者（须另一位管理员批准）</label>
            <label class="choice"><input type="radio" name="audience" value="registered" {Checked(audience == "registered")}> 已入会会员</label>
            <label class="choice"><input type="radio" name="audience" value="tags" {Checked(audience == "tags")}> 按标签（选下面的标签）</label>
            {Error("tags")}{tagChoices}
            </fieldset>
            <div class="pair">
            <label>开始时间（北京时间）{Error("opensAt")}<input name="opensAt" type="datetime-local" value="{(draft.OpensAt is { } o ? PollForm.Local(o) : "")}"></label>
            <label>截止时间（北京时间）{Error("closesAt")}<input name="closesAt" type="datetime-local" value="{(draft.ClosesAt is { } c ? PollForm.Local(c) : "")}"></label>
            </div>
            </section>
            <section class="form">
            <label>开始时如何通知{Error("channel")}<select name="channel">
            <option value="none" {Selected(channel == "none")}>不通知</option>
            <option value="mass" {Selected(channel == "mass")}>群发消息</option>
            <option value="template" {Selected(channel == "template")}>模板消息{templateNote}</option>
            </select></label>
            <label class="choice">{Error("announceResults")}<input type="checkbox" name="announceResults" {Checked(draft.AnnounceResults)}> 结束后推送结果</label>
            <label>结果何时公开{Error("visibility")}<select name="visibility">
            <option value="afterClose" {Selected(visibility == "afterClose")}>投票结束后公开</option>
            <option value="live" {Selected(visibility == "live")}>投票期间实时公开</option>
            <option value="staffOnly" {Selected(visibility == "staffOnly")}>仅工作人员可见</option>
            </select></label>
            </section>
            <p><button class="primary" type="submit">提交</button> <a href="{Root}">返回投票列表</a></p>
            <p class="muted">提交后可在投票页面预览成员看到的内容。面向全部关注者的投票须由另一位管理员批准，其余的到开始时间自动开始。</p>
            """);
        // novalidate: the browser's own messages would be in its language; the server answers in Chinese.
        var form = Html.Of($"""<form method="post" action="{Root}" novalidate><input type="hidden" name="_form" value="{token}">{fields}</form>""");
        return ConsoleLayout.Page("新建投票", form, http.User, token, status);
    }

    // The tags WeChat holds, to pick from. If WeChat cannot be read now, the rest of the form still works.
    internal static async Task<Markup> TagChoicesAsync(FollowerTags tags, IReadOnlyList<string?> chosen, CancellationToken ct)
    {
        IReadOnlyList<UserTag> known;
        try
        {
            known = await tags.ListAsync(ct);
        }
        catch (WeChatApiException)
        {
            return Html.Of($"""<p class="muted">暂时读不到微信的标签，请稍后刷新本页再选标签。</p>""");
        }
        if (known.Count == 0)
        {
            return Html.Of($"""<p class="muted">公众号还没有标签（可在微信公众平台后台的“用户管理”中添加）。</p>""");
        }
        return Html.Join(known.Select(t => Html.Of($"""
            <label class="choice tag"><input type="checkbox" name="tags" value="{t.Name}" {(chosen.Contains(t.Name) ? new Markup("checked") : Markup.Empty)}> {t.Name}（{t.Count} 人）</label>
            """)));
    }
}
