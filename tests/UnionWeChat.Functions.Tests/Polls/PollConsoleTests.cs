using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>Polls in the console over HTTP: forms in, pages out, the same rules as the staff API.</summary>
public sealed partial class PollConsoleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static List<KeyValuePair<string, string>> Form(string token, string title = "食堂满意度投票", string options = "满意\n一般\n不满意",
        string audience = "all", string? opens = null, string? closes = null, params string[] tags)
    {
        var now = PollKit.Now.ToOffset(TimeSpan.FromHours(8));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_form", token), new("title", title), new("description", "请为本月食堂打分。"), new("options", options),
            new("maxChoices", "1"), new("audience", audience),
            new("opensAt", opens ?? now.AddHours(1).ToString("yyyy-MM-ddTHH:mm")),
            new("closesAt", closes ?? now.AddDays(3).ToString("yyyy-MM-ddTHH:mm")),
            new("channel", "none"), new("visibility", "live"),
        };
        fields.AddRange(tags.Select(t => new KeyValuePair<string, string>("tags", t)));
        return fields;
    }

    private static async Task<string> CreateAsync(ConsoleSession staff, List<KeyValuePair<string, string>>? fields = null)
    {
        var token = await staff.TokenFromAsync("/api/console/polls/new");
        using var created = await staff.Http.PostAsync("/api/console/polls", new FormUrlEncodedContent(fields ?? Form(token)));
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        return PollId().Match(created.Headers.Location!.ToString()).Groups[1].Value;
    }

    [Fact]
    public async Task A_poll_made_in_the_console_waits_for_a_second_admin_and_its_creator_cannot_approve_it()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
        using var alice = await ConsoleSession.SignedInAsync(chat.App, PollKit.Alice);
        using var bob = await ConsoleSession.SignedInAsync(chat.App, PollKit.Bob);

        var opens = PollKit.Now.ToOffset(TimeSpan.FromHours(8)).AddHours(2);
        var id = await CreateAsync(alice, Form(await alice.TokenFromAsync("/api/console/polls/new"), opens: opens.ToString("yyyy-MM-ddTHH:mm")));
        var page = await alice.PageAsync($"/api/console/polls/{id}");
        var token = await alice.TokenFromAsync($"/api/console/polls/{id}");
        using var own = await alice.PostFormAsync($"/api/console/polls/{id}/approve", new() { ["_form"] = token });
        var stillWaiting = await chat.App.PollAsync(id);
        var bobsPage = await bob.PageAsync($"/api/console/polls/{id}");
        using var approved = await bob.PostFormAsync($"/api/console/polls/{id}/approve", new() { ["_form"] = await bob.TokenFromAsync($"/api/console/polls/{id}") });

        // What members will read is on the page before anyone approves: the ballot with its three options.
        Assert.Contains("待批准", page, StringComparison.Ordinal);
        Assert.Contains("1. 满意", page, StringComparison.Ordinal);
        Assert.Contains("3. 不满意", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/approve\"", page, StringComparison.Ordinal);
        Assert.Contains("须由创建者以外的另一位管理员批准", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("创建或修改投票的人不能批准它", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PollStatus.AwaitingApproval, stillWaiting.Status);
        Assert.Contains($"/api/console/polls/{id}/approve\"", bobsPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        var poll = await chat.App.PollAsync(id);
        Assert.Equal(PollStatus.Scheduled, poll.Status);
        Assert.Equal("bob", poll.ApprovedBy);
        Assert.Equal("alice", poll.CreatedBy);
        Assert.Equal(["满意", "一般", "不满意"], poll.Options);
        // Typed as Beijing time in the form (whatever the server's zone): stored as that instant.
        Assert.Equal(opens.AddSeconds(-opens.Second).AddTicks(-(opens.Ticks % TimeSpan.TicksPerSecond)), poll.OpensAt);
    }

    [Fact]
    public async Task A_bad_form_shows_each_reason_in_chinese_beside_its_field_keeps_what_was_typed_and_stores_nothing()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
        using var carol = await ConsoleSession.SignedInAsync(chat.App, PollKit.Carol);
        var token = await carol.TokenFromAsync("/api/console/polls/new");
        var now = PollKit.Now.ToOffset(TimeSpan.FromHours(8));

        using var refused = await carol.Http.PostAsync("/api/console/polls", new FormUrlEncodedContent(
            Form(token, title: "", options: "只有一个<选项>", opens: now.AddDays(2).ToString("yyyy-MM-ddTHH:mm"), closes: "soon")));
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请填写标题。", html, StringComparison.Ordinal);
        Assert.Contains("选项须有 2 到 30 个，现在是 1 个。", html, StringComparison.Ordinal);
        Assert.Contains("截止时间的格式不对", html, StringComparison.Ordinal);
        // What staff typed is still there, encoded.
        Assert.Contains("只有一个&lt;选项&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<选项>", html, StringComparison.Ordinal);
        Assert.Empty(await chat.App.Services.GetRequiredService<PollStore>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_viewer_reads_polls_but_gets_no_form_and_no_buttons_and_cannot_post()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
        using var alice = await ConsoleSession.SignedInAsync(chat.App, PollKit.Alice);
        var id = await CreateAsync(alice);
        using var vic = await ConsoleSession.SignedInAsync(chat.App, PollKit.Vic);

        var list = await vic.PageAsync("/api/console/polls");
        var page = await vic.PageAsync($"/api/console/polls/{id}");
        using var form = await vic.Http.GetAsync("/api/console/polls/new");
        var token = await vic.TokenFromAsync("/api/console/polls");
        using var cancel = await vic.PostFormAsync($"/api/console/polls/{id}/cancel", new() { ["_form"] = token });

        Assert.Contains("食堂满意度投票", list, StringComparison.Ordinal);
        Assert.DoesNotContain("新建投票", list, StringComparison.Ordinal);
        Assert.DoesNotContain("撤销投票", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal(PollStatus.AwaitingApproval, (await chat.App.PollAsync(id)).Status);
    }

    [Fact]
    public async Task A_tag_poll_is_made_by_ticking_the_tags_WeChat_holds()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff());
        chat.WeChat.State.AddFollower(PollKit.Member("Tag", 1), tags: ["快递员"]);
        chat.WeChat.State.AddFollower(PollKit.Member("Tag", 2), tags: ["外卖员"]);
        using var carol = await ConsoleSession.SignedInAsync(chat.App, PollKit.Carol);

        var form = await carol.PageAsync("/api/console/polls/new");
        var token = await carol.TokenFromAsync("/api/console/polls/new");
        var id = await CreateAsync(carol, Form(token, audience: "tags", tags: ["快递员"]));

        Assert.Contains("value=\"快递员\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"外卖员\"", form, StringComparison.Ordinal);
        var poll = await chat.App.PollAsync(id);
        Assert.Equal(["快递员"], poll.Audience.Tags);
        // Not for everyone: no second admin needed.
        Assert.Equal(PollStatus.Scheduled, poll.Status);
    }

    [Fact]
    public async Task The_poll_page_shows_live_counts_a_chart_scaled_to_all_voters_and_the_csv()
    {
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithStaff().With("Polls:TallyCacheFor", "00:00:00"));
        var id = await chat.Http.CreateApprovedAsync(PollKit.Body());
        var poll = await chat.App.PollAsync(id);
        var box = chat.App.Services.GetRequiredService<BallotBox>();
        // Four voters: two for option 1, one each for 2 and 3.
        foreach (var (n, choice) in new[] { (1, 1), (2, 1), (3, 2), (4, 3) })
        {
            var member = new Member { OpenId = PollKit.Member("Count", n), Following = true };
            await chat.App.SaveMemberAsync(member);
            await box.CastAsync(poll, member, member.OpenId, [choice], BallotChannel.Page, Guid.NewGuid().ToString("N"), CancellationToken.None);
        }
        using var vic = await ConsoleSession.SignedInAsync(chat.App, PollKit.Vic);

        var page = await vic.PageAsync($"/api/console/polls/{id}");
        using var csv = await vic.Http.GetAsync($"/api/console/polls/{id}/results.csv");

        Assert.Contains("共 <b>4</b> 人参加", page, StringComparison.Ordinal);
        Assert.Contains("data-option=\"1\" data-votes=\"2\"", page, StringComparison.Ordinal);
        Assert.Contains("50.0%", page, StringComparison.Ordinal);
        // Half the voters fill half the grey track, not the whole bar (the leading option is not 100 %).
        var track = double.Parse(Track().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var bars = Bar().Matches(page).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([track / 2, track / 4, track / 4], bars);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("甲机械厂", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("/api/console/polls/([^?/]+)")]
    private static partial Regex PollId();

    [GeneratedRegex("<rect x=\"0\" y=\"\\d+\" width=\"([\\d.]+)\" height=\"\\d+\" rx=\"3\" fill=\"#eee\"")]
    private static partial Regex Track();

    [GeneratedRegex("<rect class=\"bar\" x=\"0\" y=\"\\d+\" width=\"([\\d.]+)\"")]
    private static partial Regex Bar();
}
