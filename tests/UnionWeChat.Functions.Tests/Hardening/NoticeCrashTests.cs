using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Tests.Deployment;
using UnionWeChat.Functions.Tests.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// The app process is killed (SIGKILL) half-way through a notice's fan-out. After a restart the timer finishes the
/// notice: every member has exactly one message, and the notice is complete with everyone counted as sent.
/// </summary>
public sealed class NoticeCrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Recipients = 200;
    private const int Workers = 4;
    private const string StaffKey = "tina-secret-0123456789";

    [Fact]
    public async Task Killing_the_app_during_a_notice_fan_out_and_restarting_it_reaches_every_member_exactly_once()
    {
        await using var wechat = await FakeWeChatServer.StartAsync();
        var settings = AppProcess.Settings(azurite, wechat, "noticecrash");
        settings["Staff__Keys__tina"] = "triage:" + StaffKey;
        // Slow enough (about five seconds for the notice) to be caught in the middle; a short lease so that the claims
        // the dead process held lapse within seconds, not the production two minutes.
        settings["Notices__RequestsPerSecond"] = "40";
        settings["Notices__Buckets"] = "4";
        settings["Notices__SendConcurrency"] = Workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Notices__LeaseDuration"] = "00:00:03";
        // The notices timer fires in the process, from the in-process scheduler, at the top of every minute.
        settings["Timers__Standalone"] = "true";
        var members = Enumerable.Range(0, Recipients).Select(i => $"oNoticeCrash{i:D14}").ToList();
        foreach (var m in members)
        {
            wechat.State.AddFollower(m);
        }
        var halfSent = new TaskCompletionSource();
        wechat.State.MessageAccepted += (_, _) =>
        {
            if (wechat.State.Sends.Count >= Recipients / 2)
            {
                halfSent.TrySetResult();
            }
        };

        string id;
        var app = await AppProcess.StartAsync(settings);
        try
        {
            id = await CreateAsync(app, NoticeHarness.Template(members));
            // The next full minute starts the fan-out; kill the process as soon as half the members have theirs.
            // Generous: the first timer fires at the next full minute, and a loaded machine starts the app slowly.
            await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(240));
            await app.DisposeAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
        var atKill = wechat.State.Sends.Count;
        Assert.InRange(atKill, Recipients / 2, Recipients - 1);

        // The restarted process's own timer (again at a full minute) takes over once the dead claims' leases lapse.
        await using var restarted = await AppProcess.StartAsync(settings);
        var completed = await Eventually.HoldsAsync(
            async () => (await GetAsync(restarted, id)).GetProperty("status").GetString() == "completed",
            TimeSpan.FromSeconds(240), TimeSpan.FromMilliseconds(500));

        var notice = await GetAsync(restarted, id);
        Assert.True(completed, notice.ToString());
        Assert.DoesNotContain(wechat.State.Sends.GroupBy(s => s.OpenId), g => g.Count() > 1);
        Assert.Equal(members.Order(), wechat.State.Sends.Select(s => s.OpenId).Order());
        Assert.Equal((Recipients, Recipients), (NoticeHarness.Count(notice, "total"), NoticeHarness.Count(notice, "sent")));
        // Each send is recorded as soon as WeChat answers it: only a send in flight at the kill (at most one per
        // worker) can have been sent again after the restart, with its client_msg_id, for WeChat to drop.
        Assert.InRange(wechat.State.CallCount(NoticeHarness.TemplatePath) - Recipients, 0, Workers);
    }

    private static HttpClient Staff(RunningApp app)
    {
        var client = new HttpClient { BaseAddress = app.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffKey);
        return client;
    }

    private static async Task<string> CreateAsync(RunningApp app, object request)
    {
        using var staff = Staff(app);
        using var response = await staff.PostAsJsonAsync("/api/staff/notices", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(RunningApp app, string id)
    {
        using var staff = Staff(app);
        using var body = JsonDocument.Parse(await staff.GetStringAsync($"/api/staff/notices/{id}"));
        return body.RootElement.Clone();
    }
}
