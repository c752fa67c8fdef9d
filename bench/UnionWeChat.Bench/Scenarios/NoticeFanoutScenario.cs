using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>notice-fanout</c>: a template notice to every one of <c>--recipients</c> followers (default 5,000; the issue's
/// run is 100,000), against the fake WeChat API limited to 500 sends a second. Run 1 goes straight through and is
/// the headline: sends/s, and that rate as a share of the allowed 500/s. Run 2 has its sender process killed at about
/// half-way and a new one finishes it. Both must reach every recipient exactly once.
/// </summary>
public sealed class NoticeFanoutScenario : IScenario
{
    private const string TemplatePath = "/cgi-bin/message/template/send";

    public string Name => "notice-fanout";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var recipients = options.Recipients;
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await using var rig = await BenchRig.StartAsync();

        // Run 1: straight through, between the baselines.
        rig.WeChat.State.SetSendRateLimit(NoticeFanoutSettings.AllowedRate);
        await using var app1 = rig.StartApp(safeMode: false, a => NoticeFanoutSettings.Apply(a, prefix));
        var seedSeconds = await SeedAsync(app1, recipients, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {recipients} followers in {seedSeconds:F0} s"));
        var notice1 = await CreateApprovedNoticeAsync(rig.Http, app1, "run1", ct);
        var (run1, web, storage, cpu) = await rig.BracketAsync(PushMode.Plaintext, NoticeFanoutSettings.SendConcurrency, options, async () =>
        {
            var clock = Stopwatch.StartNew();
            await NoticeFanoutWorker.SendUntilDoneAsync(app1, notice1, ct);
            return await SummariseAsync(app1, rig.WeChat, notice1, recipients, clock.Elapsed, ct);
        }, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  run 1: {run1.Sends} sent, {run1.AchievedRate:F0}/s over the send phase, {run1.SteadyRate:F0}/s steady, {run1.RepeatedCalls} calls refused or repeated"));

        // Run 2: on a fresh fake server (its own count of sends), the sender is killed at about half-way; a new one finishes.
        await using var wechat2 = await FakeWeChatServer.StartAsync();
        wechat2.State.SetSendRateLimit(NoticeFanoutSettings.AllowedRate);
        await using var app2 = NoticeFanoutSettings.Apply(new BenchApp(rig.Azurite.ConnectionString, wechat2.BaseUrl, safeMode: false), prefix);
        app2.Start();
        var notice2 = await CreateApprovedNoticeAsync(rig.Http, app2, "run2", ct);
        var clock2 = Stopwatch.StartNew();
        var (killedAt, open) = await RunAndKillAsync(app2, wechat2, rig.Azurite.ConnectionString, prefix, notice2, recipients, ct);
        Console.WriteLine($"  run 2: sender killed after {killedAt} sends with {open} claims open; restarting");
        await NoticeFanoutWorker.SendUntilDoneAsync(app2, notice2, ct);
        var run2 = await SummariseAsync(app2, wechat2, notice2, recipients, clock2.Elapsed, ct);

        var share = run1.AchievedRate / NoticeFanoutSettings.AllowedRate;
        var level = new LevelResult(NoticeFanoutSettings.SendConcurrency, run1.Sends, recipients - run1.DistinctRecipients, run1.SendSeconds,
            run1.AchievedRate, run1.AchievedRate, 0, 0, 0, web, storage);
        TargetCheck[] targets =
        [
            new("run 1: every recipient exactly once", recipients, run1.Sends, run1.ExactlyOnce),
            new("run 2 (killed half-way, restarted): every recipient exactly once", recipients, run2.Sends, run2.ExactlyOnce),
            new($"sends >= 80% of the allowed {NoticeFanoutSettings.AllowedRate:F0}/s", 0.8, Math.Round(share, 3), share >= 0.8),
        ];
        var details = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["recipients"] = recipients,
            ["allowed sends/s"] = NoticeFanoutSettings.AllowedRate,
            ["configured sends/s"] = double.Parse(NoticeFanoutSettings.ConfiguredRate, CultureInfo.InvariantCulture),
            ["share of allowed rate"] = Math.Round(share, 3),
            ["steady share of allowed rate (p10–p90)"] = Math.Round(run1.SteadyRate / NoticeFanoutSettings.AllowedRate, 3),
            ["seed s"] = Math.Round(seedSeconds, 1),
            ["run 1 sends"] = run1.Sends,
            ["run 1 distinct recipients"] = run1.DistinctRecipients,
            ["run 1 calls refused or repeated"] = run1.RepeatedCalls,
            ["run 1 expand s"] = run1.ExpandSeconds,
            ["run 1 send s"] = run1.SendSeconds,
            ["run 1 total s"] = run1.TotalSeconds,
            ["run 2 killed after sends"] = killedAt,
            ["run 2 claims open at kill"] = open,
            ["run 2 sends"] = run2.Sends,
            ["run 2 distinct recipients"] = run2.DistinctRecipients,
            ["run 2 calls refused or repeated"] = run2.RepeatedCalls,
            ["run 2 sends/s"] = run2.AchievedRate,
            ["run 2 total s"] = run2.TotalSeconds,
        };
        cpu.Describe(details, "per send", run1.Sends);
        return new ScenarioResult(Name, "sends/s", [level], targets, details);
    }

    private static async Task<double> SeedAsync(BenchApp app, int count, CancellationToken ct)
    {
        var members = app.Services.GetRequiredService<MemberStore>();
        var clock = Stopwatch.StartNew();
        var followedAt = TimeProvider.System.GetUtcNow();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var member = new Member { OpenId = $"oBench{i:D8}xxxxxxxxxxxxxx", Following = true, FollowedAt = followedAt };
                // A starved Azurite on a shared machine can stall; seeding is not what is measured.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await members.SaveAsync(member, token);
                        break;
                    }
                    catch (UnionWeChat.Functions.Platform.Storage.Tables.TableStorageException) when (attempt < 10)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(attempt), token);
                    }
                }
            });
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<string> CreateApprovedNoticeAsync(HttpClient http, BenchApp app, string title, CancellationToken ct)
    {
        var baseUrl = new Uri(app.PushUrl, "/");
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/staff/notices"))
        {
            Content = JsonContent.Create(new
            {
                title = "冬送温暖 " + title,
                body = "困难职工慰问金申领开始",
                audience = new { kind = "all" },
                channel = "template",
                template = new { templateId = "TPL_bench_01", data = new Dictionary<string, string> { ["thing1"] = "{title}", ["thing2"] = "{body}" } },
            }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NoticeFanoutSettings.AdminA);
        using var created = await http.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        // A notice to everyone needs a second admin.
        using var approve = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"api/staff/notices/{id}/approve"));
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NoticeFanoutSettings.AdminB);
        using var approved = await http.SendAsync(approve, ct);
        approved.EnsureSuccessStatusCode();
        return id;
    }

    // Starts the sender in a child process and kills it outright once about half the recipients have been sent to.
    private static async Task<(int KilledAt, int Open)> RunAndKillAsync(BenchApp app, FakeWeChatServer wechat, string storage, string prefix,
        string noticeId, int recipients, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(NoticeFanoutScenario).Assembly.Location);
        }
        foreach (var arg in (string[])[NoticeFanoutWorker.Command, storage, prefix, wechat.BaseUrl.ToString(), noticeId])
        {
            start.ArgumentList.Add(arg);
        }
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("could not start the sender process");
        try
        {
            while (wechat.State.CallCount(TemplatePath) < recipients / 2 && !worker.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }
        await worker.WaitForExitAsync(ct);
        var killedAt = wechat.State.Sends.Count;
        var notice = await app.Services.GetRequiredService<NoticeStore>().GetAsync(noticeId, ct);
        var open = (await app.Services.GetRequiredService<OutboxStore>().CountersAsync(notice!, ct)).Sum(c => c.Counts.Sending);
        return (killedAt, open);
    }

    private static async Task<RunSummary> SummariseAsync(BenchApp app, FakeWeChatServer wechat, string noticeId, int recipients, TimeSpan elapsed, CancellationToken ct)
    {
        var notice = (await app.Services.GetRequiredService<NoticeStore>().GetAsync(noticeId, ct))!;
        var progress = await app.Services.GetRequiredService<NoticeProgressReader>().ReadAsync(notice, ct);
        var sends = wechat.State.Sends;
        var distinct = sends.Select(s => s.OpenId).Distinct(StringComparer.Ordinal).Count();
        var times = sends.Select(s => s.At).Order().ToList();
        var sendSeconds = times.Count > 1 ? (times[^1] - times[0]).TotalSeconds : 0;
        var calls = wechat.State.CallCount(TemplatePath);
        // The rate between the 10th and 90th percentile sends: the steady state, without ramp-up and tail.
        var steadySeconds = times.Count >= 10 ? (times[times.Count * 9 / 10] - times[times.Count / 10]).TotalSeconds : 0;
        var steady = steadySeconds > 0 ? times.Count * 8 / 10 / steadySeconds : 0;
        return new RunSummary(
            Sends: sends.Count,
            DistinctRecipients: distinct,
            ExactlyOnce: sends.Count == recipients && distinct == recipients && progress.Sent == recipients && progress.Total == recipients,
            RepeatedCalls: calls - sends.Count,
            ExpandSeconds: Math.Round(((notice.ExpandedAt ?? notice.StartedAt) - notice.StartedAt)?.TotalSeconds ?? 0, 1),
            SendSeconds: Math.Round(sendSeconds, 1),
            AchievedRate: Math.Round(sendSeconds > 0 ? (sends.Count - 1) / sendSeconds : 0, 1),
            SteadyRate: Math.Round(steady, 1),
            TotalSeconds: Math.Round(elapsed.TotalSeconds, 1));
    }

    /// <summary>One run's figures. <see cref="RepeatedCalls"/>: calls WeChat answered without a new message (45011 retries, repeats dropped by client_msg_id).</summary>
    private sealed record RunSummary(
        int Sends, int DistinctRecipients, bool ExactlyOnce, int RepeatedCalls,
        double ExpandSeconds, double SendSeconds, double AchievedRate, double SteadyRate, double TotalSeconds);
}
