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
        // A new answer's id is made here: staff never need to invent a Latin code for it.
        var id = form["id"].ToString().Trim() is { Length: > 0 } given ? given : await NewIdAsync(answers, ct);
        var (answer, errors) = AnswerRules.Check(id, keywords, form["text"], order);
        if (answer is null)
        {
            var problems = string.Join("；", errors.Keys.Select(Problem));
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

    private static async Task<string> NewIdAsync(AnswerBook answers, CancellationToken ct)
    {
        var taken = (await answers.ListAsync(ct)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        string id;
        do
        {
            id = "faq-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        }
        while (taken.Contains(id));
        return id;
    }

    // The page speaks Chinese; the API keeps AnswerRules' own messages.
    private static string Problem(string field) => field switch
    {
        "keywords" => $"请填写 1 到 {AnswerRules.MaxKeywords} 个关键词，每个最多 {AnswerRules.MaxKeywordLength} 个字",
        "text" => $"答复内容须为 1 到 {AnswerRules.MaxTextLength} 个字",
        "order" => "顺序须为 0 到 10000 之间的数字",
        _ => "这条答复的编号无效，请刷新页面后重试",
    };

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
            <section class="answer">
            {Editor(token, a.Id, string.Join("，", a.Keywords), a.Text, a.Order)}
            {ConsoleLayout.Form($"{ConsoleLayout.Root}/answers/{Uri.EscapeDataString(a.Id)}/delete", token, Html.Of($"""<button class="danger" type="submit">删除这条答复（{(a.Keywords.Count > 0 ? a.Keywords[0] : "")}）</button>"""))}
            </section>
            """));
        var body = Html.Of($"""
            {flash}
            <p class="muted">职工发来的文字包含任一关键词时，自动回复对应内容（按顺序取第一条）。</p>
            {editors}
            <h2>新增</h2>
            <section class="answer">{Editor(token, null, "", "", 100)}</section>
            """);
        return ConsoleLayout.Page("自动答复", body, http.User, token, status);
    }

    /// <summary>One answer's form; a new one (<paramref name="id"/> null) gets its id when saved.</summary>
    private static Markup Editor(string token, string? id, string keywords, string text, int order) =>
        ConsoleLayout.Form($"{ConsoleLayout.Root}/answers", token, Html.Of($"""
            {(id is null ? Markup.Empty : Html.Of($"""<input type="hidden" name="id" value="{id}">"""))}
            <label>关键词（用逗号分隔）<input name="keywords" value="{keywords}" required></label>
            <label>答复内容<textarea name="text" required maxlength="{AnswerRules.MaxTextLength}">{text}</textarea></label>
            <label>顺序（数字小的先匹配）<input name="order" type="number" min="0" max="10000" value="{order}"></label>
            <p><button class="primary" type="submit">保存</button></p>
            """));
}
