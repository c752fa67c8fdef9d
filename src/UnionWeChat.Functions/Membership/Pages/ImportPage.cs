using UnionWeChat.Functions.Platform.Web;
using UnionWeChat.Functions.Staff;
using UnionWeChat.Functions.Staff.Pages;
using UnionWeChat.Functions.Staff.SignIn;

namespace UnionWeChat.Functions.Membership;

/// <summary>
/// 导入会员名册 (admins): a CSV saved from Excel with 姓名, 手机 and 所属工会 (会员号 and 入会日期 optional). Listed members
/// who have applied are registered at once; those who apply later are registered as they confirm.
/// </summary>
public static class ImportPage
{
    public const string Upload = ConsoleLayout.UploadRoot + "/members";

    /// <summary>Problems shown on the page at most; the count says how many there were.</summary>
    public const int ProblemsShown = 50;

    public static async Task<IResult> ShowAsync(HttpContext http, FormTokens tokens, CancellationToken ct) =>
        Render(http, await tokens.IssueAsync(http, ct), Markup.Empty, StatusCodes.Status200OK);

    public static async Task<IResult> ImportAsync(
        HttpContext http, FormTokens tokens, MemberRoster roster, MembershipDesk desk, MembershipOptions options, TimeProvider time, CancellationToken ct)
    {
        var token = await tokens.IssueAsync(http, ct);
        var form = await http.Request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return Render(http, token, Error("请选择要导入的 CSV 文件。"), StatusCodes.Status400BadRequest);
        }
        byte[] bytes;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        var read = RosterCsv.Read(bytes, options.Choices[0]);
        if (read.Refusal is { } refusal)
        {
            return Render(http, token, Error(refusal), StatusCodes.Status400BadRequest);
        }
        var staff = http.User.StaffName();
        await roster.SaveAsync(read.Entries, staff, time.GetUtcNow(), ct);
        var registered = await desk.ApproveListedAsync(roster, staff, ct);
        var problems = read.Problems.Take(ProblemsShown).Select(p => Html.Of($"<li>第 {p.Line} 行：{p.Problem}</li>"));
        var report = Html.Of($"""
            <section class="ok" role="status">已导入 {read.Entries.Count} 名会员；其中 {registered} 人已在线申请，现已登记为会员并收到通知。以后名册上的人在公众号申请入会时，核对姓名和手机后自动登记。</section>
            {(read.Problems.Count == 0 ? Markup.Empty : Html.Of($"""
                <section class="error" role="alert">{read.Problems.Count} 行没有导入，请改正后再导入这些行：<ul>{problems}</ul>{(read.Problems.Count > ProblemsShown ? $"（只列出前 {ProblemsShown} 行）" : "")}</section>
                """))}
            """);
        return Render(http, token, report, StatusCodes.Status200OK);
    }

    private static Markup Error(string text) => Html.Of($"""<section class="error" role="alert">{text}</section>""");

    private static IResult Render(HttpContext http, string token, Markup flash, int status) => ConsoleLayout.Page("导入会员名册", Html.Of($"""
        {MembersPages.Tabs("import")}
        {flash}
        <section>
        <form method="post" action="{Upload}" enctype="multipart/form-data" class="form">
        <input type="hidden" name="_form" value="{token}">
        <label>会员名册（CSV 文件，最大 {ConsoleLayout.MaxUploadBytes / 1024 / 1024} MB）<input type="file" name="file" accept=".csv,text/csv" required></label>
        <p><button class="primary" type="submit">导入</button></p>
        </form>
        </section>
        <p class="muted">在 Excel 里把名册“另存为 CSV”。第一行写列名：<b>姓名</b>、<b>手机</b>、<b>所属工会</b>，可以再有<b>会员号</b>和<b>入会日期</b>（例如 2019-05-01）。不填所属工会的，记入“{MembershipLabels.DefaultUnionHint}”。同一手机号再次导入会覆盖上一次的内容。</p>
        <p class="muted">名册上的人在公众号回复“入会”申请时，姓名和手机与名册一致的自动登记为会员，不必再审核。只有手机号一致、姓名不同的仍由工作人员审核。</p>
        """), http.User, token, status);
}
