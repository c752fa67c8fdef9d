using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Polls;

public sealed class StaffPollApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_poll_for_everyone_waits_for_approval_and_one_for_registered_members_is_scheduled_at_once()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();

        var everyone = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, PollKit.Body())).JsonAsync(HttpStatusCode.Created);
        var members = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, PollKit.Body().With("audience", "registered")))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal("awaiting-approval", everyone.GetProperty("status").GetString());
        Assert.True(everyone.GetProperty("needsApproval").GetBoolean());
        Assert.Equal("carol", everyone.GetProperty("createdBy").GetString());
        Assert.Equal("scheduled", members.GetProperty("status").GetString());
        Assert.Equal(3, everyone.GetProperty("options").GetArrayLength());
        Assert.False(everyone.TryGetProperty("salt", out _));
    }

    [Fact]
    public async Task Every_poll_time_comes_back_in_china_time_on_create_approve_read_and_list()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        // Sent in UTC on purpose: the answer is China time whatever the offset the request used.
        var opens = PollKit.Now.AddHours(2).ToOffset(TimeSpan.Zero);
        var body = PollKit.Body().With("opensAt", opens).With("closesAt", opens.AddHours(1));

        var created = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, body)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var approved = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Bob)).JsonAsync(HttpStatusCode.OK);
        var read = await (await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        var listed = (await (await http.SendAsync(HttpMethod.Get, "/api/staff/polls", PollKit.Vic)).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);

        foreach (var (answer, fields) in new[]
        {
            (created, new[] { "opensAt", "closesAt", "createdAt" }),
            (approved, new[] { "opensAt", "closesAt", "createdAt", "approvedAt" }),
            (read, new[] { "opensAt", "closesAt", "createdAt", "approvedAt" }),
            (listed, new[] { "opensAt", "closesAt", "createdAt", "approvedAt" }),
        })
        {
            foreach (var field in fields)
            {
                var text = answer.GetProperty(field).GetString()!;
                Assert.True(text.EndsWith("+08:00", StringComparison.Ordinal), $"{field} came back as {text}");
            }
        }
        // The same instant, only shown at +08:00 (storage may keep less than a tick's precision).
        Assert.True((approved.GetProperty("opensAt").GetDateTimeOffset() - opens).Duration() < TimeSpan.FromMilliseconds(1));
    }

    public static TheoryData<string, string, object?> BadFields => new()
    {
        { "title", "title", "" },
        { "title", "title", new string('长', 101) },
        { "options", "options", new[] { "只有一个" } },
        { "options", "options", Enumerable.Range(1, 31).Select(i => "选项" + i).ToArray() },
        { "options", "options", new[] { "甲", "甲" } },
        { "options", "options", new[] { "甲", " " } },
        { "maxChoices", "maxChoices", 0 },
        { "maxChoices", "maxChoices", 4 },
        { "audience", "audience", "everybody" },
        { "tags", "audience", "tags" },
        { "closesAt", "closesAt", PollKit.Now.AddMinutes(-5) },
        { "opensAt", "opensAt", null },
        // A value of the wrong type is named by its field too, not reported as a broken body.
        { "opensAt", "opensAt", "soon" },
        { "closesAt", "closesAt", 5 },
        { "maxChoices", "maxChoices", "two" },
        { "channel", "channel", "sms" },
        { "channel", "channel", "template" },
        { "visibility", "visibility", "public" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_poll_is_refused_naming_the_field_and_nothing_is_stored(string field, string key, object? value)
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();

        var problem = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, PollKit.Body().With(key, value)))
            .JsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        var list = await (await http.SendAsync(HttpMethod.Get, "/api/staff/polls", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Results_announced_to_nobody_or_kept_from_voters_are_refused()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();

        var none = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol, PollKit.Body().With("announceResults", true)))
            .JsonAsync(HttpStatusCode.BadRequest);
        var staffOnly = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Carol,
            PollKit.Body().With("announceResults", true).With("channel", "mass").With("visibility", "staffOnly"))).JsonAsync(HttpStatusCode.BadRequest);

        Assert.True(none.GetProperty("errors").TryGetProperty("announceResults", out _));
        Assert.True(staffOnly.GetProperty("errors").TryGetProperty("announceResults", out _));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_clear_error()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/polls") { Content = new StringContent("{\"title\": [1,", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", PollKit.Carol);

        var problem = await (await http.SendAsync(request)).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("JSON", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task Only_staff_who_may_write_create_polls_and_only_staff_read_them()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();

        using var anonymous = await http.SendAsync(HttpMethod.Post, "/api/staff/polls", null, PollKit.Body());
        using var viewer = await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Vic, PollKit.Body());
        using var wrongKey = await http.SendAsync(HttpMethod.Get, "/api/staff/polls", "not-a-staff-key-at-all-000");
        using var anonymousRead = await http.SendAsync(HttpMethod.Get, "/api/staff/polls", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
    }

    [Fact]
    public async Task The_creator_cannot_approve_their_own_poll_a_second_admin_can()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var created = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", PollKit.Alice, PollKit.Body())).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();

        using var own = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Alice);
        using var triage = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Carol);
        var approved = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Bob)).JsonAsync(HttpStatusCode.OK);
        using var again = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Bob);

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("另一位管理员", await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, triage.StatusCode);
        Assert.Equal("scheduled", approved.GetProperty("status").GetString());
        Assert.Equal("bob", approved.GetProperty("approvedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Changing_a_poll_before_it_opens_needs_a_fresh_approval_from_someone_else()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var later = PollKit.Body().With("opensAt", PollKit.Now.AddHours(1)).With("closesAt", PollKit.Now.AddHours(2));
        var id = await http.CreateApprovedAsync(later);

        var changed = await (await http.SendAsync(HttpMethod.Put, $"/api/staff/polls/{id}", PollKit.Bob, later.With("title", "改过的标题")))
            .JsonAsync(HttpStatusCode.OK);
        using var byChanger = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Bob);
        var approved = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", PollKit.Alice)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("awaiting-approval", changed.GetProperty("status").GetString());
        Assert.Equal("改过的标题", changed.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byChanger.StatusCode);
        Assert.Equal("scheduled", approved.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_open_poll_cannot_be_changed_or_cancelled()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var id = await http.CreateApprovedAsync(PollKit.Body());

        using var change = await http.SendAsync(HttpMethod.Put, $"/api/staff/polls/{id}", PollKit.Carol, PollKit.Body().With("title", "x"));
        using var cancel = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/cancel", PollKit.Carol);

        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("2026年度和谐企业评选", (await app.PollAsync(id)).Title);
    }

    [Fact]
    public async Task Closing_an_everyone_poll_early_takes_a_request_and_a_second_admins_approval()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var id = await http.CreateApprovedAsync(PollKit.Body());

        var asked = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/close", PollKit.Alice)).JsonAsync(HttpStatusCode.Accepted);
        using var byAsker = await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve-close", PollKit.Alice);
        var stillOpen = await app.PollAsync(id);
        var closed = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve-close", PollKit.Bob)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("alice", asked.GetProperty("closeRequestedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byAsker.StatusCode);
        Assert.True(stillOpen.AcceptsBallotsAt(PollKit.Now));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("alice, bob", closed.GetProperty("closedEarlyBy").GetString());
    }

    [Fact]
    public async Task A_poll_for_registered_members_closes_at_once_when_staff_close_it()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var id = await http.CreateApprovedAsync(PollKit.Body().With("audience", "registered"));

        var closed = await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/close", PollKit.Carol)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.False((await app.PollAsync(id)).AcceptsBallotsAt(PollKit.Now));
    }

    [Fact]
    public async Task Results_csv_chart_and_recount_agree_with_the_ballots_and_name_no_voter()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();
        var id = await http.CreateApprovedAsync(PollKit.Body().With("options", new[] { "=SUM(A1)", "乙纺织公司", "丙物流园" }));
        var poll = await app.PollAsync(id);
        var box = app.Services.GetRequiredService<BallotBox>();
        var voters = Enumerable.Range(0, 5).Select(i => new Member { OpenId = PollKit.Member("Csv", i), Following = true }).ToList();
        foreach (var (voter, i) in voters.Select((v, i) => (v, i)))
        {
            await box.CastAsync(poll, voter, voter.OpenId, [i < 3 ? 2 : 3], BallotChannel.Chat, Guid.NewGuid().ToString("N"), default);
        }

        var results = await (await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/results", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        using var csv = await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/results.csv", PollKit.Vic);
        var csvText = await csv.Content.ReadAsStringAsync();
        using var chart = await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/chart.svg", PollKit.Vic);
        var recount = await (await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}/recount", PollKit.Vic)).JsonAsync(HttpStatusCode.OK);
        using var detail = await http.SendAsync(HttpMethod.Get, $"/api/staff/polls/{id}", PollKit.Vic);
        var everything = string.Join("\n", results.ToString(), csvText, await chart.Content.ReadAsStringAsync(), recount.ToString(), await detail.Content.ReadAsStringAsync());

        Assert.Equal(5, results.GetProperty("voters").GetInt64());
        Assert.Equal([0L, 3L, 2L], results.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt64()));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("2,乙纺织公司,3,60.0%", csvText);
        Assert.Contains("\"'=SUM(A1)\"", csvText);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        Assert.True(recount.GetProperty("matches").GetBoolean());
        Assert.Equal(5, recount.GetProperty("ballots").GetInt64());
        Assert.All(voters, v => Assert.DoesNotContain(v.OpenId, everything, StringComparison.Ordinal));
        Assert.DoesNotContain(poll.Salt, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_or_malformed_poll_ids_are_not_found()
    {
        await using var app = new AppFactory(azurite.ConnectionString).WithStaff();
        using var http = app.CreateClient();

        using var unknown = await http.SendAsync(HttpMethod.Get, "/api/staff/polls/0123456789ab", PollKit.Vic);
        using var malformed = await http.SendAsync(HttpMethod.Get, "/api/staff/polls/..%2F..%2Fx", PollKit.Vic);
        using var results = await http.SendAsync(HttpMethod.Get, "/api/staff/polls/zzz/results", PollKit.Vic);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, results.StatusCode);
    }
}
