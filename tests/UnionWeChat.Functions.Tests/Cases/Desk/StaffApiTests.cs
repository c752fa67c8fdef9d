using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Tests.Staff;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Cases.Desk;

public sealed class StaffApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_anonymous_case_never_shows_the_worker_in_the_api_the_console_or_the_export()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerAnon000000000000001";
        var c = await desk.CreateCaseAsync(worker, "匿名举报：公司不缴社保", anonymous: true, phone: "13912345678");
        var staff = desk.As(StaffDesk.Admin);
        using var browser = new ConsoleSession(desk.App);
        await browser.SignInAsync(StaffDesk.Admin);

        var seen = new[]
        {
            await (await staff.GetAsync("/api/staff/cases")).Content.ReadAsStringAsync(),
            await (await staff.GetAsync($"/api/staff/cases/{c.Number}")).Content.ReadAsStringAsync(),
            await (await staff.GetAsync("/api/staff/cases.csv")).Content.ReadAsStringAsync(),
            await browser.PageAsync("/api/console/"),
            await browser.PageAsync($"/api/console/cases/{c.Number}"),
        };

        foreach (var text in seen)
        {
            Assert.Contains(c.Number, text, StringComparison.Ordinal);
            Assert.DoesNotContain(worker, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WorkerRef.Of(worker), text, StringComparison.Ordinal);
            Assert.DoesNotContain("13912345678", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_named_case_shows_the_worker_reference_and_phone_but_never_the_openid()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerNamed00000000000001";
        var c = await desk.CreateCaseAsync(worker, "欠薪", phone: "13912345679");

        var json = await StaffDesk.JsonAsync(await desk.As(StaffDesk.Viewer).GetAsync($"/api/staff/cases/{c.Number}"));

        Assert.Equal(WorkerRef.Of(worker), json.GetProperty("case").GetProperty("workerRef").GetString());
        Assert.Equal("13912345679", json.GetProperty("case").GetProperty("phone").GetString());
        Assert.DoesNotContain(worker, json.GetRawText(), StringComparison.Ordinal);
        Assert.All(json.GetProperty("history").EnumerateArray(), e => Assert.NotEqual(worker, e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Only_valid_status_changes_are_made_and_each_is_recorded_with_who_and_when()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerStatus0000000000001", "合同问题");
        var staff = desk.As(StaffDesk.Triage);

        using var skip = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/status", new { status = "Resolved" });
        Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.Contains("allowed", await skip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var nonsense = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/status", new { status = "Done" });
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
        Assert.Equal(CaseStatus.New, (await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None))!.Status);

        foreach (var status in new[] { "in_progress", "WaitingWorker", "Resolved", "Closed" })
        {
            await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/status", new { status, note = "内部说明" }));
        }
        using var reopen = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/status", new { status = "InProgress" });
        Assert.Equal(HttpStatusCode.BadRequest, reopen.StatusCode);

        var stored = await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None);
        Assert.Equal(CaseStatus.Closed, stored!.Status);
        Assert.NotNull(stored.ResolvedAt);
        Assert.NotNull(stored.ClosedAt);
        var history = await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
        var changes = history.Where(e => e.Action == "status").ToList();
        Assert.Equal(4, changes.Count);
        Assert.All(changes, e => Assert.True(e.Actor == "tom" && e.VisibleToWorker && e.At > c.CreatedAt));
        Assert.Equal(4, history.Count(e => e.Action == "note" && !e.VisibleToWorker));
    }

    [Fact]
    public async Task Malformed_or_oversized_bodies_are_refused_and_change_nothing()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerBodies0000000000001", "欠薪");
        var staff = desk.As(StaffDesk.Triage);

        using var broken = await staff.PostAsync($"/api/staff/cases/{c.Number}/notes", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"));
        using var wrongType = await staff.PostAsync($"/api/staff/cases/{c.Number}/assign", new StringContent("{\"assignee\":[1]}", System.Text.Encoding.UTF8, "application/json"));
        using var form = await staff.PostAsync($"/api/staff/cases/{c.Number}/notes", new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = "x" }));
        using var tooLong = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/notes", new { text = new string('字', 1001) });
        using var longName = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/assign", new { assignee = new string('a', 65) });

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("1000", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        var history = await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
        Assert.Equal(["created"], history.Select(e => e.Action));
        Assert.Null((await desk.Service<CaseStore>().GetAsync(c.Number, CancellationToken.None))!.Assignee);
    }

    [Fact]
    public async Task Notes_priority_and_transfer_are_recorded_and_notes_stay_internal()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await desk.CreateCaseAsync("oWorkerNotes00000000000001", "工伤待遇");
        var staff = desk.As(StaffDesk.Triage);

        await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/notes", new { text = "企业负责人态度消极" }));
        var prioritised = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/priority", new { priority = "Urgent", tier = "Complex" }));
        var transferred = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/transfer", new { team = "金凤区总工会", note = "属地办理" }));
        await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/transfer/result", new { result = "已督促企业补发" }));
        using var noPriority = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{c.Number}/priority", new { });

        Assert.Equal("Urgent", prioritised.GetProperty("case").GetProperty("priority").GetString());
        Assert.Equal("Complex", prioritised.GetProperty("case").GetProperty("tier").GetString());
        Assert.Equal("金凤区总工会", transferred.GetProperty("case").GetProperty("team").GetString());
        Assert.Equal("InProgress", transferred.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noPriority.StatusCode);
        var history = await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
        Assert.Contains(history, e => e.Action == "note" && e.Detail == "企业负责人态度消极" && !e.VisibleToWorker);
        Assert.Contains(history, e => e.Action == "transfer" && e.VisibleToWorker && e.Detail.Contains("金凤区总工会", StringComparison.Ordinal));
        Assert.Contains(history, e => e.Action == "transfer-result" && !e.VisibleToWorker && e.Detail.Contains("已督促企业补发", StringComparison.Ordinal));
        Assert.DoesNotContain(history, e => e.VisibleToWorker && e.Detail.Contains("属地办理", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicate_merged_into_another_case_is_closed_and_both_histories_say_so()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var original = await desk.CreateCaseAsync("oWorkerMerge00000000000001", "欠薪 第一次");
        var duplicate = await desk.CreateCaseAsync("oWorkerMerge00000000000001", "欠薪 又发了一次");
        var staff = desk.As(StaffDesk.Triage);

        using var self = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{duplicate.Number}/merge", new { into = duplicate.Number });
        using var missing = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{duplicate.Number}/merge", new { into = "TS-20990101-0009" });
        var merged = await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{duplicate.Number}/merge", new { into = original.Number }));
        using var again = await StaffDesk.PostAsync(staff, $"/api/staff/cases/{original.Number}/merge", new { into = duplicate.Number });

        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(original.Number, merged.GetProperty("case").GetProperty("mergedInto").GetString());
        Assert.Equal("Closed", merged.GetProperty("case").GetProperty("status").GetString());
        var store = desk.Service<CaseStore>();
        Assert.Contains(await store.HistoryAsync(duplicate.Number, CancellationToken.None), e => e.Action == "merged" && e.VisibleToWorker && e.Detail.Contains(original.Number, StringComparison.Ordinal));
        Assert.Contains(await store.HistoryAsync(original.Number, CancellationToken.None), e => e.Action == "merged-from" && e.Detail.Contains(duplicate.Number, StringComparison.Ordinal));
        Assert.Null((await store.GetAsync(original.Number, CancellationToken.None))!.MergedInto);
    }

    [Fact]
    public async Task The_list_filters_by_status_kind_assignee_date_and_text_and_pages()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var staff = desk.As(StaffDesk.Triage);
        var wages = await desk.CreateCaseAsync("oWorkerList000000000000001", "拖欠工资两个月", category: "欠薪");
        var injury = await desk.CreateCaseAsync("oWorkerList000000000000002", "工伤认定", category: "工伤");
        var aid = await desk.CreateCaseAsync("oWorkerList000000000000003", "孩子上学困难", category: "金秋助学", kind: CaseKind.Aid);
        await StaffDesk.JsonAsync(await StaffDesk.PostAsync(staff, $"/api/staff/cases/{injury.Number}/assign", new { assignee = "tom" }));

        async Task<string[]> NumbersAsync(string query)
        {
            var page = await StaffDesk.JsonAsync(await staff.GetAsync("/api/staff/cases?" + query));
            return page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("number").GetString()!).ToArray();
        }

        Assert.Equal([aid.Number, injury.Number, wages.Number], await NumbersAsync(""));
        Assert.Equal([aid.Number], await NumbersAsync("kind=Aid"));
        Assert.Equal([injury.Number], await NumbersAsync("assignee=tom"));
        Assert.Equal([aid.Number, wages.Number], await NumbersAsync("assignee=none"));
        Assert.Equal([injury.Number], await NumbersAsync("status=Triaged"));
        Assert.Equal([wages.Number], await NumbersAsync("q=" + Uri.EscapeDataString("工资")));
        Assert.Equal([wages.Number], await NumbersAsync("category=" + Uri.EscapeDataString("欠薪")));
        Assert.Empty(await NumbersAsync("to=2020-01-31&from=2020-01-01"));
        Assert.Equal([injury.Number], await NumbersAsync("page=2&pageSize=1"));

        var counts = await StaffDesk.JsonAsync(await staff.GetAsync("/api/staff/cases?status=New"));
        Assert.Equal(2, counts.GetProperty("statusCounts").GetProperty("New").GetInt32());
        Assert.Equal(1, counts.GetProperty("statusCounts").GetProperty("Triaged").GetInt32());
        Assert.Equal(2, counts.GetProperty("total").GetInt32());

        using var bad = await staff.GetAsync("/api/staff/cases?status=Open&from=yesterday&pageSize=5000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(problem.TryGetProperty("status", out _) && problem.TryGetProperty("from", out _) && problem.TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task The_export_is_utf8_with_a_byte_order_mark_and_defuses_formulas()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string anonymous = "oWorkerCsv0000000000000001";
        const string named = "oWorkerCsv0000000000000002";
        await desk.CreateCaseAsync(anonymous, "匿名：加班无加班费", anonymous: true, phone: "13700000001");
        await desk.CreateCaseAsync(named, "=HYPERLINK(\"http://evil\",\"点我\")", phone: "13700000002");

        using var response = await desk.As(StaffDesk.Viewer).GetAsync("/api/staff/cases.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("编号,类型,类别", text, StringComparison.Ordinal);
        Assert.Contains("匿名：加班无加班费", text, StringComparison.Ordinal);
        Assert.DoesNotContain(anonymous, text, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkerRef.Of(anonymous), text, StringComparison.Ordinal);
        Assert.DoesNotContain("13700000001", text, StringComparison.Ordinal);
        Assert.DoesNotContain(named, text, StringComparison.Ordinal);
        Assert.Contains(WorkerRef.Of(named), text, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_count_cases_per_week_and_report_response_times_on_time_rates_and_satisfaction()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var store = desk.Service<CaseStore>();
        var now = TimeProvider.System.GetUtcNow();
        var quick = await desk.CreateCaseAsync("oWorkerStats00000000000001", "欠薪", createdAt: now.AddHours(-3));
        await desk.CreateCaseAsync("oWorkerStats00000000000002", "工伤", category: "工伤", createdAt: now.AddHours(-2));
        await store.ChangeAsync(quick.Number, c => (c with
        {
            FirstResponseAt = c.CreatedAt.AddHours(2),
            Status = CaseStatus.Closed,
            ResolvedAt = c.CreatedAt.AddHours(3),
            ClosedAt = c.CreatedAt.AddHours(3),
            Rating = 5,
        }, null), CancellationToken.None);

        var stats = await StaffDesk.JsonAsync(await desk.As(StaffDesk.Viewer).GetAsync("/api/staff/stats"));

        Assert.Equal(2, stats.GetProperty("cases").GetInt32());
        Assert.Equal(2, stats.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("total").GetInt32()));
        Assert.Equal(2, stats.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("byKind").GetProperty("Complaint").GetInt32()));
        Assert.Equal(1, stats.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("byCategory").GetProperty("工伤").GetInt32()));
        Assert.Equal(2.0, stats.GetProperty("medianHoursToFirstResponse").GetDouble());
        Assert.Equal(3.0, stats.GetProperty("medianHoursToResolution").GetDouble());
        Assert.Equal(1.0, stats.GetProperty("resolutionOnTime").GetProperty("rate").GetDouble());
        Assert.Equal(5.0, stats.GetProperty("satisfaction").GetProperty("average").GetDouble());
        using var bad = await desk.As(StaffDesk.Viewer).GetAsync("/api/staff/stats?from=2026-05-01&to=2026-04-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Admins_list_edit_and_delete_the_keyword_answers_workers_get()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var admin = desk.As(StaffDesk.Admin);

        var saved = await StaffDesk.JsonAsync(await admin.PutAsJsonAsync("/api/staff/answers/injury", new { keywords = new[] { "工伤", "受伤" }, text = "工伤认定：请回复“投诉”提交。", order = 1 }));
        var reply = await desk.Chat.SayAsync("oWorkerAnswers000000000001", "我上班受伤了怎么办");
        using var invalid = await admin.PutAsJsonAsync("/api/staff/answers/Bad%20Id", new { keywords = Array.Empty<string>(), text = "" });
        using var deleted = await admin.DeleteAsync("/api/staff/answers/injury");
        using var again = await admin.DeleteAsync("/api/staff/answers/injury");
        var list = await StaffDesk.JsonAsync(await admin.GetAsync("/api/staff/answers"));

        Assert.Equal("injury", saved.GetProperty("id").GetString());
        Assert.Equal("工伤认定：请回复“投诉”提交。", reply);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _) && errors.TryGetProperty("keywords", out _) && errors.TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(list.EnumerateArray(), a => a.GetProperty("id").GetString() == "injury");
    }
}
