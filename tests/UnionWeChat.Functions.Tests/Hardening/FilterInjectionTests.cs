using System.Net;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Tests.Staff;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// OData injection strings in every filter of the case list, its export and the console queue. None of the
/// seeded cases matches any payload literally, so a response that shows one of them leaked through the filter.
/// </summary>
public sealed class FilterInjectionTests(FilterInjectionTests.Seeded seeded) : IClassFixture<FilterInjectionTests.Seeded>
{
    public static readonly string[] Parameters = ["status", "kind", "category", "assignee", "from", "to", "q", "page", "pageSize"];

    // Raw query-string values, percent-encoding included, so broken encodings reach the app as sent.
    private static readonly string[] Payloads =
    [
        Uri.EscapeDataString("' or PartitionKey ne '"),
        Uri.EscapeDataString("x' or '1' eq '1"),
        Uri.EscapeDataString("欠薪' or Category ne 'x"),
        Uri.EscapeDataString("tom' or Assignee ne 'x"),
        Uri.EscapeDataString("none') or (PartitionKey ne '"),
        Uri.EscapeDataString("New' or Status ne 'x"),
        Uri.EscapeDataString("2026-01-01' or Timestamp gt datetime'2000-01-01T00:00:00Z"),
        Uri.EscapeDataString("1 or 1 eq 1"),
        Uri.EscapeDataString("x’ or ’1’ eq ’1"),
        Uri.EscapeDataString("x＇ or ＇1＇ eq ＇1"),
        Uri.EscapeDataString("xʼ or ʼ1ʼ eq ʼ1"),
        Uri.EscapeDataString("%27 or 1 eq 1"),
        "%27",
        "%2527",
        "x%00",
        "x%ED%A0%80",
        "x%C0%A7",
        "x&$filter=PartitionKey%20ne%20%27%27",
        Uri.EscapeDataString(new string('\'', 40)),
    ];

    public static TheoryData<string, string> Attacks()
    {
        var data = new TheoryData<string, string>();
        foreach (var parameter in Parameters)
        {
            foreach (var payload in Payloads)
            {
                data.Add(parameter, payload);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task An_injection_in_a_filter_is_refused_or_matches_nothing_in_the_list_the_export_and_the_queue(string parameter, string payload)
    {
        var query = $"?{parameter}={payload}";
        var api = seeded.Desk.As(StaffDesk.Viewer);

        foreach (var (client, path) in new[] { (api, "/api/staff/cases"), (api, "/api/staff/cases.csv"), (seeded.Console.Http, "/api/console/"), (seeded.Console.Http, "/api/console/cases.csv") })
        {
            using var response = await client.GetAsync(path + query);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{path}{query} answered {(int)response.StatusCode}");
            foreach (var number in seeded.Numbers)
            {
                Assert.DoesNotContain(number, body, StringComparison.Ordinal);
            }
            Assert.DoesNotContain(Seeded.Secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_filters_the_same_list_shows_every_seeded_case()
    {
        // The theory above is only meaningful if the seeded cases are visible when nothing narrows the list.
        var body = await seeded.Desk.As(StaffDesk.Viewer).GetStringAsync("/api/staff/cases");

        Assert.All(seeded.Numbers, n => Assert.Contains(n, body, StringComparison.Ordinal));
    }

    public sealed class Seeded : HostileDesk
    {
        public const string Secret = "机密：某车间主任收受好处";

        public List<string> Numbers { get; } = [];

        protected override async Task SeedAsync(StaffDesk desk)
        {
            var wages = await desk.CreateCaseAsync("oWorkerFilter0000000000001", Secret);
            var aid = await desk.CreateCaseAsync("oWorkerFilter0000000000002", "孩子上学困难", category: "金秋助学", kind: CaseKind.Aid);
            var injury = await desk.CreateCaseAsync("oWorkerFilter0000000000003", "工伤认定", category: "工伤", anonymous: true);
            await StaffDesk.JsonAsync(await StaffDesk.PostAsync(desk.As(StaffDesk.Triage), $"/api/staff/cases/{wages.Number}/assign", new { assignee = "tom" }));
            await StaffDesk.JsonAsync(await StaffDesk.PostAsync(desk.As(StaffDesk.Triage), $"/api/staff/cases/{injury.Number}/status", new { status = "Triaged" }));
            Numbers.AddRange([wages.Number, aid.Number, injury.Number]);
        }
    }
}
