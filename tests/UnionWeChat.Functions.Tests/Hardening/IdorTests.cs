using System.Net;
using System.Net.Http.Json;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Tests.Cases;
using UnionWeChat.Functions.Tests.Staff;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// Reaching a case that is not yours: a worker through 查询 and 评价, a viewer through every case write, anyone
/// through a case number that is a path or a filter. Roles are not scoped by team (a transfer names an outside
/// unit, not a staff role), so the boundaries are worker ↔ own cases and viewer ↔ no writes.
/// </summary>
public sealed class IdorTests(IdorTests.TwoWorkers seeded) : IClassFixture<IdorTests.TwoWorkers>
{
    private StaffDesk Desk => seeded.Desk;

    [Fact]
    public async Task A_worker_neither_lists_reads_nor_rates_another_workers_case()
    {
        var list = await Desk.Chat.SayAsync(TwoWorkers.Nosy, "查询");
        var read = await Desk.Chat.SayAsync(TwoWorkers.Nosy, "查询 " + seeded.Owned);
        var rate = await Desk.Chat.SayAsync(TwoWorkers.Nosy, $"评价 {seeded.Owned} 1 乱评");

        Assert.DoesNotContain(seeded.Owned, list, StringComparison.Ordinal);
        Assert.Contains("没有找到", read, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoWorkers.Employer, read, StringComparison.Ordinal);
        Assert.Contains("没有找到", rate, StringComparison.Ordinal);
        var owned = await Desk.Service<CaseStore>().GetAsync(seeded.Owned, CancellationToken.None);
        Assert.Null(owned!.Rating);
        Assert.DoesNotContain(await Desk.Service<CaseStore>().HistoryAsync(seeded.Owned, CancellationToken.None), e => e.Action == "rated");
    }

    [Fact]
    public async Task A_viewer_cannot_change_an_existing_case_through_any_write_and_nothing_is_recorded()
    {
        var viewer = Desk.As(StaffDesk.Viewer);
        var before = await Desk.Service<CaseStore>().GetAsync(seeded.Owned, CancellationToken.None);
        var writes = StaffRouteAuthorizationTests.StaffRoutes(Desk.App)
            .Where(r => r.Method == "POST" && r.Path.Contains("/api/staff/cases/", StringComparison.Ordinal))
            .Select(r => r.Path.Replace("TS-20990101-0001", seeded.Owned, StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(writes);

        foreach (var path in writes)
        {
            using var response = await viewer.PostAsJsonAsync(path, new { assignee = "vera", status = "Triaged", priority = "Urgent", text = "x", team = "y", result = "z", into = seeded.Other });
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} as a viewer answered {(int)response.StatusCode}");
        }

        var after = await Desk.Service<CaseStore>().GetAsync(seeded.Owned, CancellationToken.None);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(["created"], (await Desk.Service<CaseStore>().HistoryAsync(seeded.Owned, CancellationToken.None)).Select(e => e.Action));
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2e%2e%5c%2e%2e%5cappsettings.json")]
    [InlineData("TS-20260101-0001'%20or%20PartitionKey%20ne%20'")]
    [InlineData("TS-99999999-99999999999999999999")]
    [InlineData("ts-20260101-0001%2F..%2F..")]
    public async Task A_case_number_that_is_a_path_or_a_filter_is_not_found_anywhere(string number)
    {
        var responses = new[]
        {
            await Desk.As(StaffDesk.Triage).GetAsync($"/api/staff/cases/{number}"),
            await Desk.As(StaffDesk.Triage).PostAsJsonAsync($"/api/staff/cases/{number}/notes", new { text = "x" }),
            await seeded.Console.Http.GetAsync($"/api/console/cases/{number}"),
        };

        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(seeded.Owned, body, StringComparison.Ordinal);
            Assert.DoesNotContain(TwoWorkers.Employer, body, StringComparison.Ordinal);
            response.Dispose();
        }
    }

    public sealed class TwoWorkers : HostileDesk
    {
        public const string Owner = "oWorkerIdorOwner0000000001";
        public const string Nosy = "oWorkerIdorNosy00000000001";
        public const string Employer = "银川某某建筑有限公司";

        public string Owned { get; private set; } = "";
        public string Other { get; private set; } = "";

        protected override async Task SeedAsync(StaffDesk desk)
        {
            Owned = await ComplaintConversationTests.FileComplaintAsync(desk.Chat, Owner);
            Other = await ComplaintConversationTests.FileComplaintAsync(desk.Chat, Nosy);
            // Closed, so a rating would be accepted from its own worker.
            await desk.Service<CaseStore>().ChangeAsync(Owned, c => (c with { Status = CaseStatus.Closed, ClosedAt = c.UpdatedAt }, null), CancellationToken.None);
        }
    }
}
