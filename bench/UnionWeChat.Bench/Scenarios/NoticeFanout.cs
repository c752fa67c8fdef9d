using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>notice-fanout [--recipients 100000] [--limit 500] [--rate 475] [--buckets 32] [--concurrency 32] [--lease 00:00:10]</c>:
/// a template notice to every follower, against the fake WeChat server limited to <c>--limit</c> sends a second, on
/// Azurite. Run 1 goes through; run 2 has its sender process killed at about half-way and a new one finishes it.
/// Both must reach every recipient exactly once. Prints one line and writes bench/results/notice-fanout.json.
/// </summary>
public sealed class NoticeFanout : IScenario
{
    private const string TemplatePath = "/cgi-bin/message/template/send";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "notice-fanout";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var options = new BenchArgs(args);
        var recipients = options.Int("recipients", 100_000);
        var limit = options.Double("limit", 500);
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        await using var azurite = await AzuriteProcess.StartNewAsync();

        // Run 1: straight through.
        await using var wechat1 = await StartWeChatAsync(limit);
        await using var app1 = new NoticeFanoutApp(NoticeFanoutApp.Settings(azurite.ConnectionString, prefix, wechat1.BaseUrl.ToString(), options));
        var seedSeconds = await SeedAsync(app1, recipients, ct);
        Progress($"seeded {recipients} followers in {seedSeconds:F0} s");
        var notice1 = await CreateApprovedNoticeAsync(app1, "run1", ct);
        var clock = Stopwatch.StartNew();
        await app1.SendUntilDoneAsync(notice1, ct);
        var run1 = await SummariseAsync(app1, wechat1, notice1, recipients, clock.Elapsed, ct);
        Progress($"run 1: {run1.Sends} sent, {run1.AchievedRate:F0}/s over the send phase, {run1.SteadyRate:F0}/s steady, {run1.RepeatedCalls} calls refused or repeated");

        // Run 2: the sender is killed at about half-way; a new one finishes.
        await using var wechat2 = await StartWeChatAsync(limit);
        await using var app2 = new NoticeFanoutApp(NoticeFanoutApp.Settings(azurite.ConnectionString, prefix, wechat2.BaseUrl.ToString(), options));
        var notice2 = await CreateApprovedNoticeAsync(app2, "run2", ct);
        clock.Restart();
        var (killedAt, stuck) = await RunAndKillAsync(app2, wechat2, azurite.ConnectionString, prefix, notice2, recipients, args, ct);
        Progress($"run 2: sender killed after {killedAt} sends with {stuck} claims open; restarting");
        await app2.SendUntilDoneAsync(notice2, ct);
        var run2 = await SummariseAsync(app2, wechat2, notice2, recipients, clock.Elapsed, ct);

        var passed = run1.ExactlyOnce && run2.ExactlyOnce;
        var result = new
        {
            scenario = Name,
            recipients,
            allowedRatePerSecond = limit,
            configuredRatePerSecond = options.Double("rate", 475),
            buckets = options.Int("buckets", 32),
            concurrency = options.Int("concurrency", 32),
            seedSeconds = Math.Round(seedSeconds, 1),
            run1,
            run1ShareOfAllowedRate = Math.Round(run1.AchievedRate / limit, 3),
            run2 = new { killedAfterSends = killedAt, claimsOpenAtKill = stuck, summary = run2 },
            passed,
            machine = new { Environment.ProcessorCount, os = Environment.OSVersion.ToString() },
        };
        var path = Path.Combine(RepoPaths.Root, "bench", "results", "notice-fanout.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Indented), ct);

        Console.WriteLine(
            $"notice-fanout: {recipients} recipients, limit {limit}/s | run 1: {run1.AchievedRate:F0}/s ({run1.AchievedRate / limit:P0} of limit), " +
            $"expand {run1.ExpandSeconds:F0} s, send {run1.SendSeconds:F0} s, exactly once: {run1.ExactlyOnce} | run 2: killed at {killedAt}, " +
            $"{stuck} open claims, {run2.RepeatedCalls} repeats dropped by client_msg_id, exactly once: {run2.ExactlyOnce} | {(passed ? "PASS" : "FAIL")}");
        return passed ? 0 : 1;
    }

    private static async Task<FakeWeChatServer> StartWeChatAsync(double limit)
    {
        var wechat = await FakeWeChatServer.StartAsync();
        wechat.State.SetSendRateLimit(limit);
        return wechat;
    }

    private static async Task<double> SeedAsync(NoticeFanoutApp app, int count, CancellationToken ct)
    {
        var members = app.Get<MemberStore>();
        var clock = Stopwatch.StartNew();
        var followedAt = TimeProvider.System.GetUtcNow();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) =>
            {
                var member = new Member { OpenId = $"oBench{i:D8}xxxxxxxxxxxxxx", Following = true, FollowedAt = followedAt };
                // A starved Azurite on a shared machine can stall for minutes; seeding is not what is measured.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await members.SaveAsync(member, token);
                        break;
                    }
                    catch (UnionWeChat.Tables.TableStorageException) when (attempt < 10)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(attempt), token);
                    }
                }
                if (Interlocked.Increment(ref done) % 10_000 == 0)
                {
                    Progress($"seeded {done} followers");
                }
            });
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<string> CreateApprovedNoticeAsync(NoticeFanoutApp app, string title, CancellationToken ct)
    {
        using var alice = Client(app, NoticeFanoutApp.AdminA);
        using var created = await alice.PostAsJsonAsync("/api/staff/notices", new
        {
            title = "冬送温暖 " + title,
            body = "困难职工慰问金申领开始",
            audience = new { kind = "all" },
            channel = "template",
            template = new { templateId = "TPL_bench_01", data = new Dictionary<string, string> { ["thing1"] = "{title}", ["thing2"] = "{body}" } },
        }, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        using var bob = Client(app, NoticeFanoutApp.AdminB);
        using var approved = await bob.PostAsync($"/api/staff/notices/{id}/approve", null, ct);
        approved.EnsureSuccessStatusCode();
        return id;
    }

    private static HttpClient Client(NoticeFanoutApp app, string secret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    // Starts the sender in a child process and kills it outright once about half the recipients have been sent to.
    private static async Task<(int KilledAt, int Stuck)> RunAndKillAsync(NoticeFanoutApp app, FakeWeChatServer wechat, string storage, string prefix,
        string noticeId, int recipients, IReadOnlyList<string> args, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(NoticeFanout).Assembly.Location);
        }
        foreach (var arg in (string[])["notice-fanout-worker", "--storage", storage, "--prefix", prefix, "--wechat", wechat.BaseUrl.ToString(), "--notice", noticeId, .. args])
        {
            start.ArgumentList.Add(arg);
        }
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        while (wechat.State.CallCount(TemplatePath) < recipients / 2 && !worker.HasExited)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
        worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync(ct);
        var killedAt = wechat.State.Sends.Count;
        var notice = await app.Get<NoticeStore>().GetAsync(noticeId, ct);
        var counts = (await app.Get<OutboxStore>().CountersAsync(notice!, ct)).Sum(c => c.Counts.Sending);
        return (killedAt, counts);
    }

    private static async Task<RunSummary> SummariseAsync(NoticeFanoutApp app, FakeWeChatServer wechat, string noticeId, int recipients, TimeSpan elapsed, CancellationToken ct)
    {
        var notice = (await app.Get<NoticeStore>().GetAsync(noticeId, ct))!;
        var progress = await app.Get<NoticeProgressReader>().ReadAsync(notice, ct);
        var sends = wechat.State.Sends;
        var distinct = sends.Select(s => s.OpenId).Distinct().Count();
        var first = sends.Min(s => s.At);
        var last = sends.Max(s => s.At);
        var sendSeconds = (last - first).TotalSeconds;
        var calls = wechat.State.CallCount(TemplatePath);
        // The rate between the 10th and 90th percentile sends: the steady state, without ramp-up and tail.
        var times = sends.Select(s => s.At).Order().ToList();
        var (p10, p90) = (times[times.Count / 10], times[times.Count * 9 / 10]);
        var steady = (p90 - p10).TotalSeconds > 0 ? (times.Count * 8 / 10) / (p90 - p10).TotalSeconds : 0;
        return new RunSummary(
            Sends: sends.Count,
            DistinctRecipients: distinct,
            ExactlyOnce: sends.Count == recipients && distinct == recipients && progress.Sent == recipients && progress.Total == recipients,
            Calls: calls,
            RepeatedCalls: calls - sends.Count,
            ExpandSeconds: Math.Round(((notice.ExpandedAt ?? notice.StartedAt) - notice.StartedAt)?.TotalSeconds ?? 0, 1),
            SendSeconds: Math.Round(sendSeconds, 1),
            AchievedRate: Math.Round(sendSeconds > 0 ? (sends.Count - 1) / sendSeconds : 0, 1),
            SteadyRate: Math.Round(steady, 1),
            TotalSeconds: Math.Round(elapsed.TotalSeconds, 1),
            Status: NoticeView.Name(notice.Status));
    }

    private static void Progress(string line) => Console.Error.WriteLine("[notice-fanout] " + line);

    /// <summary>One run's figures. <see cref="RepeatedCalls"/>: calls WeChat answered without a new message (45011 retries, repeats dropped by client_msg_id).</summary>
    private sealed record RunSummary(
        int Sends, int DistinctRecipients, bool ExactlyOnce, int Calls, int RepeatedCalls,
        double ExpandSeconds, double SendSeconds, double AchievedRate, double SteadyRate, double TotalSeconds, string Status);
}
