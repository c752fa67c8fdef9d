using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff.Pages;

/// <summary>
/// Evidence on the case page: photos shown and voice offered through a staff-only route that checks the recorded
/// SHA-256, and every serving written to the case's history where staff, never the worker, read it.
/// </summary>
public sealed class CaseEvidencePagesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_workers_photo_is_shown_to_viewer_triage_and_admin_each_view_is_in_the_history_and_the_worker_never_sees_it()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        const string worker = "oWorkerEvidencePage0000001";
        var photo = StaffDesk.Photo(64, 48);
        desk.Chat.WeChat.State.AddMedia("media_photo_page_1", photo, "image/png");
        await desk.Chat.ClickAsync(worker, MenuKeys.Complaint);
        await desk.Chat.SayAsync(worker, "1");
        await desk.Chat.SayAsync(worker, "银川某某建筑有限公司");
        Assert.Contains("第1份证据", await desk.Chat.SendImageAsync(worker, "media_photo_page_1"));
        await desk.Chat.SayAsync(worker, "三个月的工资没有发放。");
        await desk.Chat.SayAsync(worker, "跳过");
        await desk.Chat.SayAsync(worker, "2");
        var number = Receipts.CaseNumber().Match(await desk.Chat.SayAsync(worker, "确认")).Value;
        var cases = desk.Service<CaseStore>();
        Assert.True(await Eventually.HoldsAsync(async () => (await cases.GetAsync(number, CancellationToken.None))!.EvidenceFiles.Count == 1),
            "the photo was not kept");
        var url = $"/api/console/cases/{number}/evidence/1";

        foreach (var key in new[] { StaffDesk.Viewer, StaffDesk.Triage, StaffDesk.Admin })
        {
            using var staff = new ConsoleSession(desk.App);
            await staff.SignInAsync(key);
            var page = await staff.PageAsync($"/api/console/cases/{number}");
            Assert.Contains($"<img src=\"{url}\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("1 件", page, StringComparison.Ordinal);

            using var served = await staff.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(photo, await served.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(served.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(served.Headers.CacheControl?.NoStore);
            Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal($"{number}-1.png", served.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        }
        using var api = desk.As(StaffDesk.Viewer);
        Assert.Equal(photo, await api.GetByteArrayAsync($"/api/staff/cases/{number}/evidence/1"));

        var views = (await cases.HistoryAsync(number, CancellationToken.None)).Where(e => e.Action == EvidenceViewer.ViewedAction).ToList();
        Assert.Equal(["alice", "tom", "vera", "vera"], views.Select(e => e.Actor).Order(StringComparer.Ordinal));
        Assert.All(views, e => Assert.False(e.VisibleToWorker));
        Assert.All(views, e => Assert.Contains("第1份证据", e.Detail, StringComparison.Ordinal));
        using (var admin = new ConsoleSession(desk.App))
        {
            await admin.SignInAsync(StaffDesk.Admin);
            Assert.Contains("查看证据", await admin.PageAsync($"/api/console/cases/{number}"), StringComparison.Ordinal);
        }

        var progress = await desk.Chat.SayAsync(worker, $"查询 {number}");
        Assert.Contains(number, progress, StringComparison.Ordinal);
        foreach (var staffOnly in new[] { "查看", "证据", "alice", "tom", "vera" })
        {
            Assert.DoesNotContain(staffOnly, progress, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Evidence_needs_a_sign_in_and_a_forged_id_or_another_cases_item_is_404_and_recorded_nowhere()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var photo = StaffDesk.Photo(32, 32);
        var withPhoto = await StaffDesk.CaseWithEvidenceAsync(desk.App, "oWorkerEvidencePage0000002", "工资被拖欠", ("image/png", photo));
        var without = await desk.CreateCaseAsync("oWorkerEvidencePage0000003", "没有证据的投诉");
        var cases = desk.Service<CaseStore>();
        var before = (await cases.HistoryAsync(withPhoto.Number, CancellationToken.None)).Count;

        using var anonymous = new ConsoleSession(desk.App);
        using var redirected = await anonymous.Http.GetAsync($"/api/console/cases/{withPhoto.Number}/evidence/1");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/api/console/signin", redirected.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual(photo, await redirected.Content.ReadAsByteArrayAsync());
        using var noKey = desk.As(null);
        using var unauthorized = await noKey.GetAsync($"/api/staff/cases/{withPhoto.Number}/evidence/1");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Empty(await unauthorized.Content.ReadAsByteArrayAsync());

        using var staff = new ConsoleSession(desk.App);
        await staff.SignInAsync(StaffDesk.Viewer);
        string[] forged =
        [
            $"{withPhoto.Number}/evidence/2", $"{withPhoto.Number}/evidence/0", $"{withPhoto.Number}/evidence/01",
            $"{withPhoto.Number}/evidence/1.0", $"{withPhoto.Number}/evidence/-1",             $"{withPhoto.Number}/evidence/99999999999", $"{withPhoto.Number}/evidence/abc",
            $"{without.Number}/evidence/1", "TS-20990101-0001/evidence/1", "TS-2099/evidence/1",
        ];
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in forged)
        {
            using var response = await staff.Http.GetAsync($"/api/console/cases/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
            bodies.Add(await response.Content.ReadAsStringAsync());
        }
        // One answer for every kind of miss: nothing tells a real case from an invented one.
        Assert.Single(bodies);
        // Paths that are no route at all are not found either (and never reach a file).
        foreach (var path in new[] { $"{withPhoto.Number}/evidence/1%2F..%2F2", "..%2F..%2Fevidence/1", $"{withPhoto.Number}/evidence/1/2" })
        {
            using var response = await staff.Http.GetAsync($"/api/console/cases/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
            Assert.NotEqual(photo, await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(before, (await cases.HistoryAsync(withPhoto.Number, CancellationToken.None)).Count);
        Assert.DoesNotContain(await cases.HistoryAsync(without.Number, CancellationToken.None), e => e.Action == EvidenceViewer.ViewedAction);
    }

    [Fact]
    public async Task A_file_whose_bytes_no_longer_match_the_recorded_sha256_is_refused_with_a_reason()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var c = await StaffDesk.CaseWithEvidenceAsync(desk.App, "oWorkerEvidencePage0000004", "工资被拖欠", ("image/png", StaffDesk.Photo(16, 16)));
        var file = Assert.Single(c.EvidenceFiles);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(desk.Service<StorageOptions>().EvidenceContainer);
        await container.GetBlobClient(file.Blob).UploadAsync(new BinaryData(RandomNumberGenerator.GetBytes(100)), overwrite: true);
        using var staff = new ConsoleSession(desk.App);
        await staff.SignInAsync(StaffDesk.Triage);

        using var refused = await staff.Http.GetAsync($"/api/console/cases/{c.Number}/evidence/1");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("SHA-256", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None);
        Assert.Contains(history, e => e.Action == EvidenceViewer.MismatchAction && e.Actor == "tom");
        Assert.DoesNotContain(history, e => e.Action == EvidenceViewer.ViewedAction);
    }

    [Fact]
    public async Task Voice_a_browser_can_play_gets_a_player_and_wechat_amr_is_offered_as_a_download_with_a_note()
    {
        await using var desk = await StaffDesk.StartAsync(azurite);
        var amr = "#!AMR\n"u8.ToArray().Concat(RandomNumberGenerator.GetBytes(500)).ToArray();
        var mp3 = RandomNumberGenerator.GetBytes(700);
        var c = await StaffDesk.CaseWithEvidenceAsync(desk.App, "oWorkerEvidencePage0000005", "有录音", ("audio/amr", amr), ("audio/mpeg", mp3));
        using var staff = new ConsoleSession(desk.App);
        await staff.SignInAsync(StaffDesk.Viewer);

        var page = await staff.PageAsync($"/api/console/cases/{c.Number}");
        using var download = await staff.Http.GetAsync($"/api/console/cases/{c.Number}/evidence/1?download=1");
        using var player = await staff.Http.GetAsync($"/api/console/cases/{c.Number}/evidence/2");

        Assert.Contains("浏览器无法直接播放", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/console/cases/{c.Number}/evidence/1?download=1\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<audio controls preload=\"none\" src=\"/api/console/cases/{c.Number}/evidence/1\"", page, StringComparison.Ordinal);
        Assert.Contains($"<audio controls preload=\"none\" src=\"/api/console/cases/{c.Number}/evidence/2\"", page, StringComparison.Ordinal);
        Assert.Equal(amr, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{c.Number}-1.amr", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("audio/mpeg", player.Content.Headers.ContentType?.MediaType);
        Assert.Equal(mp3, await player.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, (await desk.Service<CaseStore>().HistoryAsync(c.Number, CancellationToken.None)).Count(e => e.Action == EvidenceViewer.ViewedAction));
    }
}
