using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Answers;

/// <summary><c>/api/console/answers</c> (admins): the keyword answers workers get, edited in place.</summary>
public static class AnswersPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, AnswerBook answers, FormTokens tokens, CancellationToken ct) =>
        await RenderAsync(http, answers, tokens, http.Request.Query["done"].ToString() == "1" ? "已保存。" : null, null, StatusCodes.Status200OK, ct);

    public static async Task<IResult> SaveAsync(HttpContext http, AnswerBook answers, FormTokens tokens, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        int? order = int.TryParse(form["order"], out var o) ? o : null;
        var keywords = form["keywords"].ToString().Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries);
        var (answer, errors) = AnswerRules.Check(form["id"].ToString().Trim(), keywords, form["text"], order);
        if (answer is null)
        {
            var problems = string.Join("；", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
            return await RenderAsync(http, answers, tokens, null, problems, StatusCodes.Status400BadRequest, ct);
        }
        await answers.SaveAsync(answer, ct);
        return SeeOther(http);
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext http, AnswerBook answers, CancellationToken ct)
    {
        await answers.DeleteAsync(id, ct);
        return SeeOther(http);
    }

    private static IResult SeeOther(HttpContext http)
    {
        http.Response.Headers.Location = $"{ConsoleLayout.Root}/answers?done=1";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> RenderAsync(HttpContext http, AnswerBook answers, FormTokens tokens, string? done, string? error, int status, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var list = await answers.ListAsync(ct);
        var flash = error is not null ? Html.Of($"""<section class="error" role="alert">{error}</section>""")
            : done is not null ? Html.Of($"""<section class="ok" role="status">{done}</section>""") : Markup.Empty;
        var editors = list.Select(a => Html.Of($"""
            <section>
            {Editor(token, a.Id, string.Join("，", a.Keywords), a.Text, a.Order, readOnlyId: true)}
            {ConsoleLayout.Form($"{ConsoleLayout.Root}/answers/{Uri.EscapeDataString(a.Id)}/delete", token, Html.Of($"""<button type="submit">删除“{a.Id}”</button>"""))}
            </section>
            """));
        var body = Html.Of($"""
            {flash}
            <p class="muted">职工发来的文字包含任一关键词时，自动回复对应内容（按顺序取第一条）。</p>
            {editors}
            <h2>新增</h2>
            <section>{Editor(token, "", "", "", 100, readOnlyId: false)}</section>
            """);
        return ConsoleLayout.Page("自动答复", body, http.User, token, status);
    }

    private static Markup Editor(string token, string id, string keywords, string text, int order, bool readOnlyId) =>
        ConsoleLayout.Form($"{ConsoleLayout.Root}/answers", token, Html.Of($"""
            <label>编号（小写字母、数字、-）<input name="id" value="{id}" required pattern="[a-z0-9-]+" maxlength="40" {(readOnlyId ? new Markup("readonly") : Markup.Empty)}></label>
            <label>关键词（用逗号分隔）<input name="keywords" value="{keywords}" required size="40"></label>
            <label>答复内容<textarea name="text" required maxlength="{AnswerRules.MaxTextLength}">{text}</textarea></label>
            <label>顺序 <input name="order" type="number" min="0" max="10000" value="{order}"></label>
            <p><button class="primary" type="submit">保存</button></p>
            """));
}
