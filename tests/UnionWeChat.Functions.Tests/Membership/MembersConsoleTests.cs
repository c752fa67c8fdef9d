using System.Net;
using UnionWeChat.Functions.Tests.Polls;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>The console's 会员 pages, as staff use them: forms only, no JSON.</summary>
public sealed class MembersConsoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Staff_review_and_approve_an_application_in_the_console_and_check_the_card_there()
    {
        await using var chat = await StartAsync();
        var worker = JoinKit.Worker("Con", 1);
        var id = await chat.ApplyAsync(worker, employer: "<b>东方</b>机械厂");
        using var carol = await ConsoleSession.SignedInAsync(chat.App, PollKit.Carol);
        using var alice = await ConsoleSession.SignedInAsync(chat.App, PollKit.Alice);

        var list = await carol.PageAsync("/api/console/members/");
        var carolsView = await carol.PageAsync($"/api/console/members/applications/{id}");
        var alicesView = await alice.PageAsync($"/api/console/members/applications/{id}");
        var token = await alice.TokenFromAsync($"/api/console/members/applications/{id}");
        using var approve = await alice.PostFormAsync($"/api/console/members/applications/{id}/approve",
            new() { ["_form"] = token, ["union"] = "开发区总工会" });
        var after = await alice.PageAsync(approve.Headers.Location!.OriginalString);
        using var twice = await alice.PostFormAsync($"/api/console/members/applications/{id}/approve",
            new() { ["_form"] = token, ["union"] = "开发区总工会" });
        var (_, card) = await chat.OpenCardAsync(worker);
        var number = JoinKit.ApplicationId().IsMatch(after) ? System.Text.RegularExpressions.Regex.Match(after, @"会员号</th><td>(\d{10})").Groups[1].Value : "";
        using var check = await carol.Http.GetAsync($"/api/console/members/check?number={number}&code={JoinKit.CodeOn(card)}");
        using var forged = await carol.Http.GetAsync($"/api/console/members/check?number={number}&code=12345x");

        Assert.Contains("张小红", list, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;东方&lt;/b&gt;机械厂", carolsView, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>东方</b>", carolsView, StringComparison.Ordinal);
        Assert.Contains("138****5678", carolsView, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", carolsView, StringComparison.Ordinal);
        Assert.Contains("13812345678", alicesView, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, approve.StatusCode);
        Assert.Contains("已批准入会，已通知职工", after, StringComparison.Ordinal);
        Assert.Contains("开发区总工会", after, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Matches(@"^\d{10}$", number);
        Assert.Contains("有效会员", await check.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("核验未通过", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_the_lists_and_statistics_but_gets_no_decision_forms_and_cannot_post_one()
    {
        await using var chat = await StartAsync();
        var id = await chat.ApplyAsync(JoinKit.Worker("View", 1));
        using var vic = await ConsoleSession.SignedInAsync(chat.App, PollKit.Vic);

        var page = await vic.PageAsync($"/api/console/members/applications/{id}");
        var stats = await vic.PageAsync("/api/console/members/stats");
        var registry = await vic.PageAsync("/api/console/members/registry");
        var token = await vic.TokenFromAsync("/api/console/members/stats");
        using var post = await vic.PostFormAsync($"/api/console/members/applications/{id}/approve", new() { ["_form"] = token, ["union"] = "市总工会" });
        using var export = await vic.Http.GetAsync("/api/console/members/registry.csv");

        Assert.DoesNotContain("批准入会</button>", page, StringComparison.Ordinal);
        Assert.Contains("在册会员", stats, StringComparison.Ordinal);
        Assert.Contains("导出名册需要管理员权限", registry, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("Pending", (await chat.Http.ApplicationAsync(id)).GetProperty("status").GetString());
    }

    private Task<ChatHarness> StartAsync() => ChatHarness.StartAsync(azurite, configure: app => app.WithStaff()
        .With("Membership:Unions:0", "市总工会").With("Membership:Unions:1", "开发区总工会"));
}
