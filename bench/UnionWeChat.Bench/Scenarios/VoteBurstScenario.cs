using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Polls;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// 20,000 distinct members vote through the chat endpoint in a concurrent burst: each sends "投票", then its option
/// number, as signed (by default encrypted) pushes. One in ten has its choice pushed twice with the same MsgId
/// (WeChat's retry), one in ten sends its choice twice with different MsgIds at once (a double tap), one in ten asks
/// to vote again afterwards. Then every ballot must be in the box exactly once, the tally must equal the expected
/// counts and a recount from the ballots.
/// </summary>
public sealed class VoteBurstScenario : IScenario
{
    private const string Account = "gh_benchaccount01";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _msgId = 8_000_000_000_000_000_000;

    public string Name => "vote-burst";

    public string Description => "members vote through /api/wechat at once; every ballot once, tally == recount. --members 20000 --concurrency 64 --options 5 --mode safe|compatible|plaintext";

    public async Task<ScenarioResult> RunAsync(ScenarioOptions options, CancellationToken cancellationToken)
    {
        var members = options.Int("members", 20_000, 1, 1_000_000);
        var concurrency = options.Int("concurrency", 64, 1, 1024);
        var optionCount = options.Int("options", 5, 2, 30);
        var mode = Enum.Parse<PushMode>(options.Choice("mode", "safe", "safe", "compatible", "plaintext"), ignoreCase: true);
        if (options.Unread.FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"unknown option --{unknown}");
        }

        var startedAt = TimeProvider.System.GetUtcNow();
        var total = Stopwatch.StartNew();
        Console.WriteLine($"vote-burst: starting Azurite, the fake WeChat server and the app ({members} members, {concurrency} at once, {mode} mode)");
        await using var app = await BenchApp.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 })
        {
            BaseAddress = app.BaseUrl,
            // WeChat waits 5 s for an answer; a little more here, so a slow answer is measured rather than cut off.
            Timeout = TimeSpan.FromSeconds(15),
        };
        var pollId = await CreatePollAsync(http, optionCount, cancellationToken);
        var pusher = new MessagePusher(http, new Uri(app.BaseUrl, "api/wechat"), BenchApp.Token, FakeWeChatServer.AppId,
            mode == PushMode.Plaintext ? null : BenchApp.EncodingAESKey);
        var run = new Run(app, pusher, mode, optionCount);

        var burst = Stopwatch.StartNew();
        var finished = 0;
        var step = Math.Max(1, members / 10);
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                await VoteAsync(run, i, ct);
                if (Interlocked.Increment(ref finished) % step == 0)
                {
                    Console.WriteLine($"  {finished} members done after {burst.Elapsed.TotalSeconds:F0} s ({finished / burst.Elapsed.TotalSeconds:F0}/s), {run.Pushes} pushes, {run.Timeouts} timed out");
                }
            });
        var burstTime = burst.Elapsed;

        // Answers that outran WeChat's reply budget finish in the background: wait for the last ballots to land.
        var poll = (await app.Services.GetRequiredService<PollStore>().GetAsync(pollId, cancellationToken))!;
        var tallies = app.Services.GetRequiredService<TallyReader>();
        var tally = await tallies.ReadAsync(poll, cancellationToken);
        var countedWhenTold = tally.Voters;
        var settle = Stopwatch.StartNew();
        while (tally.Voters < members && settle.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(500, cancellationToken);
            tally = await tallies.ReadAsync(poll, cancellationToken);
        }
        var allCounted = burstTime + settle.Elapsed;
        var recount = await app.Services.GetRequiredService<Recounter>().RecountAsync(poll, cancellationToken);

        var expected = Enumerable.Range(1, optionCount).Select(o => (long)Enumerable.Range(0, members).Count(i => i % optionCount + 1 == o)).ToArray();
        var failures = new List<string>(run.Failures.Take(20));
        if (run.Failures.Count > 20)
        {
            failures.Add($"… and {run.Failures.Count - 20} more");
        }
        Check(failures, countedWhenTold == members, $"only {countedWhenTold} ballots were counted when every member had been told theirs was in");
        Check(failures, recount.Ballots == members, $"{recount.Ballots} ballots in the box for {members} members");
        Check(failures, tally.Voters == members, $"tally counts {tally.Voters} voters for {members} members");
        Check(failures, tally.Counts.SequenceEqual(expected), $"tally {string.Join(',', tally.Counts)} differs from the expected {string.Join(',', expected)}");
        Check(failures, recount.Matches, $"recount {string.Join(',', recount.Counts)} ({recount.Ballots}) differs from the tally {string.Join(',', recount.TallyCounts)} ({recount.TallyVoters})");
        Check(failures, recount.Unreadable == 0, $"{recount.Unreadable} unreadable ballots");

        var latencies = run.ChoiceLatencies.OrderBy(x => x).ToArray();
        var ballotsPerSecond = members / allCounted.TotalSeconds;
        var metrics = new Dictionary<string, double>
        {
            ["members"] = members,
            ["concurrency"] = concurrency,
            ["ballots"] = recount.Ballots,
            ["ballotsPerSecond"] = Math.Round(ballotsPerSecond, 1),
            ["burstSeconds"] = Math.Round(burstTime.TotalSeconds, 2),
            ["settleSeconds"] = Math.Round(settle.Elapsed.TotalSeconds, 2),
            ["pushes"] = run.Pushes,
            ["pushesPerSecond"] = Math.Round(run.Pushes / burstTime.TotalSeconds, 1),
            ["choiceP50Ms"] = Percentile(latencies, 0.50),
            ["choiceP95Ms"] = Percentile(latencies, 0.95),
            ["choiceP99Ms"] = Percentile(latencies, 0.99),
            ["choiceMaxMs"] = latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 1),
            ["confirmedInReply"] = run.Confirmed,
            ["refusedSecondBallots"] = run.Refused,
            ["retriedPushes"] = run.Retried,
            ["doubleSubmissions"] = run.Doubles,
            ["askedAgain"] = run.AskedAgain,
            ["lateReplies"] = run.Late,
            ["busyReplies"] = run.Busy,
            ["timedOutPushes"] = run.Timeouts,
            ["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
        };
        var passed = failures.Count == 0;
        var summary = $"vote-burst: {recount.Ballots}/{members} ballots from {concurrency} concurrent members in {allCounted.TotalSeconds:F1} s = {ballotsPerSecond:F0} ballots/s " +
            $"({run.Pushes} pushes, choice p50 {metrics["choiceP50Ms"]:F0} ms, p95 {metrics["choiceP95Ms"]:F0} ms); " +
            $"{run.Refused} second ballots refused, {run.Late} late replies; tally {(recount.Matches ? "==" : "!=")} recount: {(passed ? "PASS" : "FAIL")}";
        var settings = new Dictionary<string, string>
        {
            ["mode"] = mode.ToString(),
            ["options"] = optionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["partitions"] = poll.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["countersPerPartition"] = poll.CountersPerPartition.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["storage"] = "Azurite (in-memory, one node process)",
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
        return new ScenarioResult(Name, passed, summary, metrics, settings, failures, startedAt, total.Elapsed);
    }

    private async Task VoteAsync(Run run, int i, CancellationToken ct)
    {
        var openId = $"oBench{i:D22}";
        var choice = (i % run.OptionCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A member keeps at it, as a person would, until told the ballot is in: a busy answer is tried again.
        var done = false;
        for (var attempt = 0; attempt < 8 && !done; attempt++)
        {
            var ballot = await AskAsync(run, openId, "投票", ct);
            if (ballot.Contains(AlreadyVoted, StringComparison.Ordinal))
            {
                // An earlier attempt that outran the reply budget landed after all.
                done = true;
                break;
            }
            if (!ballot.Contains("1. ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref run.Busy);
                continue;
            }

            var seen = run.App.WeChat.State.MessagesFor(openId).Count;
            var xml = PushXml.Text(openId, Account, choice, NextMsgId(), Now());
            var clock = Stopwatch.StartNew();
            string[] replies;
            switch (attempt == 0 ? i % 10 : 0)
            {
                case 3:
                    // WeChat retries a push it thinks went unanswered, with the same MsgId.
                    replies = await Task.WhenAll(PushAsync(run, xml, ct), PushAsync(run, xml, ct));
                    Interlocked.Increment(ref run.Retried);
                    // The same push gets the same answer — unless storage was too busy to even claim one of them.
                    if (replies.All(r => r.Length > 0 && !r.Contains(PushHandlerBusy, StringComparison.Ordinal)) && replies[0] != replies[1])
                    {
                        run.Fail($"{openId}: a retried push was answered differently");
                    }
                    break;
                case 7:
                    // The member taps send twice: two messages, two MsgIds, the same answer.
                    replies = await Task.WhenAll(PushAsync(run, xml, ct), PushAsync(run, PushXml.Text(openId, Account, choice, NextMsgId(), Now()), ct));
                    Interlocked.Increment(ref run.Doubles);
                    break;
                default:
                    replies = [await PushAsync(run, xml, ct)];
                    break;
            }
            run.ChoiceLatencies.Add(clock.Elapsed.TotalMilliseconds);

            var confirmations = replies.Distinct().Count(r => r.Contains(Confirmed, StringComparison.Ordinal));
            Interlocked.Add(ref run.Confirmed, confirmations);
            Interlocked.Add(ref run.Refused, replies.Count(r => r.Contains(AlreadyVoted, StringComparison.Ordinal)));
            if (confirmations > 1)
            {
                run.Fail($"{openId}: two ballots confirmed");
            }
            done = replies.Any(r => r.Contains(Confirmed, StringComparison.Ordinal) || r.Contains(AlreadyVoted, StringComparison.Ordinal))
                || (replies.Any(r => r.Length == 0) && await LateAnswerAsync(run, openId, seen, r => r.Contains(Confirmed, StringComparison.Ordinal) || r.Contains(AlreadyVoted, StringComparison.Ordinal), ct) is not null);
        }
        if (!done)
        {
            run.Fail($"{openId}: never told the ballot was in");
            return;
        }

        if (i % 10 == 5)
        {
            var again = await AskAsync(run, openId, "投票", ct);
            Interlocked.Increment(ref run.AskedAgain);
            if (again.Contains(AlreadyVoted, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref run.Refused);
            }
            else
            {
                run.Fail($"{openId}: asked again after voting, got '{Shorten(again)}'");
            }
        }
    }

    private const string PushHandlerBusy = "系统繁忙";
    private const string Confirmed = "投票成功";
    private const string AlreadyVoted = "您已投过票";

    // Sends text and returns the answer: the passive reply, or the custom message that follows one that outran the
    // reply budget; a busy answer is tried again a few times.
    private async Task<string> AskAsync(Run run, string openId, string text, CancellationToken ct)
    {
        var reply = "";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var seen = run.App.WeChat.State.MessagesFor(openId).Count;
            reply = await PushAsync(run, PushXml.Text(openId, Account, text, NextMsgId(), Now()), ct);
            if (reply.Length == 0)
            {
                reply = await LateAnswerAsync(run, openId, seen, _ => true, ct) ?? "";
            }
            if (!reply.Contains(PushHandlerBusy, StringComparison.Ordinal))
            {
                return reply;
            }
        }
        return reply;
    }

    private static async Task<string?> LateAnswerAsync(Run run, string openId, int seen, Func<string, bool> wanted, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var late = run.App.WeChat.State.MessagesFor(openId).Skip(seen).Select(m => m.Text ?? "").FirstOrDefault(wanted);
            if (late is not null)
            {
                return late;
            }
            await Task.Delay(50, ct);
        }
        return null;
    }

    private static async Task<string> PushAsync(Run run, string xml, CancellationToken ct)
    {
        Interlocked.Increment(ref run.Pushes);
        // A member who writes opens WeChat's customer-service window, so a late answer may go out as a custom message.
        var from = XElement.Parse(xml).Element("FromUserName")!.Value;
        run.App.WeChat.State.RecordInteraction(from, InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
        PushResponse response;
        var tries = 0;
        while (true)
        {
            try
            {
                response = await run.Pusher.PushAsync(xml, run.Mode, ct);
                break;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && ++tries < 4)
            {
                // WeChat gives up on an answer after 5 s and pushes the same message again (3 tries in all).
                Interlocked.Increment(ref run.Timeouts);
            }
        }
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            run.Fail($"push answered {(int)response.StatusCode}");
            return "";
        }
        if (response.IsSuccessOnly || response.ReplyXml is null)
        {
            Interlocked.Increment(ref run.Late);
            return "";
        }
        var text = XElement.Parse(response.ReplyXml).Element("Content")?.Value ?? "";
        if (text.Contains(PushHandlerBusy, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref run.Busy);
        }
        return text;
    }

    private static async Task<string> CreatePollAsync(HttpClient http, int optionCount, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var body = new
        {
            title = "模范和谐企业评选（压力测试）",
            description = "每人一票。",
            options = Enumerable.Range(1, optionCount).Select(o => $"候选企业 {o}").ToArray(),
            maxChoices = 1,
            audience = "all",
            opensAt = now.AddMinutes(-1),
            closesAt = now.AddHours(6),
            channel = "none",
            visibility = "live",
        };
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/staff/polls") { Content = JsonContent.Create(body) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminOne);
        using var created = await http.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("id").GetString()!;
        // Everyone-audience polls need a second admin.
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/polls/{id}/approve");
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchApp.AdminTwo);
        using var approved = await http.SendAsync(approve, ct);
        approved.EnsureSuccessStatusCode();
        return id;
    }

    private long NextMsgId() => Interlocked.Increment(ref _msgId);

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    private static void Check(List<string> failures, bool holds, string problem)
    {
        if (!holds)
        {
            failures.Add(problem);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 1);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Counters shared by the members of one run.</summary>
    private sealed class Run(BenchApp app, MessagePusher pusher, PushMode mode, int optionCount)
    {
        public BenchApp App { get; } = app;
        public MessagePusher Pusher { get; } = pusher;
        public PushMode Mode { get; } = mode;
        public int OptionCount { get; } = optionCount;
        public ConcurrentBag<double> ChoiceLatencies { get; } = [];
        public ConcurrentQueue<string> FailureQueue { get; } = new();
        public IReadOnlyCollection<string> Failures => FailureQueue;
        public long Pushes;
        public long Confirmed;
        public long Refused;
        public long Retried;
        public long Doubles;
        public long AskedAgain;
        public long Late;
        public long Busy;
        public long Timeouts;

        public void Fail(string problem) => FailureQueue.Enqueue(problem);
    }
}
