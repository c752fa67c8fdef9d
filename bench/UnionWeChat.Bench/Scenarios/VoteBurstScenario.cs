using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>vote-burst</c>: <c>--members</c> distinct members (default 1,000; the run is 20,000) vote through the
/// chat endpoint in a burst, <c>--workers</c> at once, in safe mode: each sends "投票", then its option number. One in
/// ten has its choice pushed twice with the same MsgId (WeChat's retry), one in ten sends its choice twice with
/// different MsgIds at once (a double tap), one in ten asks to vote again afterwards. Measured: ballots/s from the
/// first push until every ballot is in the tally. Afterwards every ballot must be in the box exactly once, and the
/// tally must equal the expected counts and a recount from the ballots.
/// </summary>
public sealed class VoteBurstScenario : IScenario
{
    private const PushMode Mode = PushMode.Safe;
    private const int OptionCount = 5;
    private const string AdminOne = "bench-admin-one-secret-01";
    private const string AdminTwo = "bench-admin-two-secret-02";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "vote-burst";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var members = options.Members;
        var concurrency = options.Workers;
        await using var rig = await BenchRig.StartAsync();
        await using var app = rig.StartApp(safeMode: true, a => a
            .WithSetting("Staff:Keys:one", "admin:" + AdminOne)
            .WithSetting("Staff:Keys:two", "admin:" + AdminTwo));
        var baseUrl = new Uri(app.PushUrl, "/");
        var pollId = await CreatePollAsync(rig.Http, baseUrl, ct);
        var run = new Run(rig, rig.Pusher(app.PushUrl, Mode));
        var poll = (await app.Services.GetRequiredService<PollStore>().GetAsync(pollId, ct))!;
        var tallies = app.Services.GetRequiredService<TallyReader>();

        using var profiler = options.Profile ? new StorageCallProfiler(rig.Azurite.Port, app.TablePrefix) : null;
        var (timing, web, storage, cpu) = await rig.BracketAsync(Mode, concurrency, options, async () =>
        {
            var burst = Stopwatch.StartNew();
            var finished = 0;
            var step = Math.Max(1, members / 5);
            await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    await VoteAsync(run, i, token);
                    if (Interlocked.Increment(ref finished) % step == 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {finished} members done after {burst.Elapsed.TotalSeconds:F0} s, {run.Pushes} pushes, {run.Timeouts} timed out"));
                    }
                });
            var burstTime = burst.Elapsed;
            // Answers that outran WeChat's reply budget finish in the background: wait for the last ballots to land.
            var tally = await tallies.ReadAsync(poll, ct);
            var countedWhenTold = tally.Voters;
            var settle = Stopwatch.StartNew();
            while (tally.Voters < members && settle.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(500, ct);
                tally = await tallies.ReadAsync(poll, ct);
            }
            return (Burst: burstTime, Settle: settle.Elapsed, CountedWhenTold: countedWhenTold);
        }, ct);

        var tally = await tallies.ReadAsync(poll, ct);
        var recount = await app.Services.GetRequiredService<Recounter>().RecountAsync(poll, ct);
        var expected = Enumerable.Range(1, OptionCount).Select(o => (long)Enumerable.Range(0, members).Count(i => i % OptionCount + 1 == o)).ToArray();
        foreach (var problem in run.Failures.Take(10))
        {
            Console.WriteLine("    problem: " + problem);
        }

        var allCounted = timing.Burst + timing.Settle;
        var seconds = allCounted.TotalSeconds;
        var level = new LevelResult(concurrency, recount.Ballots, run.NeverTold, seconds, members / seconds, run.Pushes / seconds,
            run.ChoiceLatencies.Percentile(50), run.ChoiceLatencies.Percentile(95), run.ChoiceLatencies.Percentile(99), web, storage);

        var onceEach = recount.Ballots == members && tally.Voters == members && timing.CountedWhenTold == members;
        var tallyMatches = recount.Matches && tally.Counts.SequenceEqual(expected) && recount.Unreadable == 0;
        var secondBallotsLetThrough = run.TwoBallotsConfirmed + run.RetryAnsweredDifferently + run.VotedAgain;
        TargetCheck[] targets =
        [
            new("every ballot counted exactly once", members, recount.Ballots, onceEach),
            new("tally == expected == recount", 1, tallyMatches ? 1 : 0, tallyMatches),
            new("retried pushes and double submissions rejected", 0, secondBallotsLetThrough, secondBallotsLetThrough == 0),
            new("at least 1,000 ballots/s", 1000, Math.Round(members / seconds, 1), members / seconds >= 1000),
        ];
        var details = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["members"] = members,
            ["ballots in the box"] = recount.Ballots,
            ["tally voters"] = tally.Voters,
            ["counted when the last member was told"] = timing.CountedWhenTold,
            ["unreadable ballots"] = recount.Unreadable,
            ["burst s"] = Math.Round(timing.Burst.TotalSeconds, 2),
            ["settle s"] = Math.Round(timing.Settle.TotalSeconds, 2),
            ["pushes"] = run.Pushes,
            ["retried pushes (same MsgId)"] = run.Retried,
            ["double submissions (two MsgIds)"] = run.Doubles,
            ["asked to vote again"] = run.AskedAgain,
            ["second ballots refused"] = run.Refused,
            ["two ballots confirmed"] = run.TwoBallotsConfirmed,
            ["retry answered differently"] = run.RetryAnsweredDifferently,
            ["voted again after voting"] = run.VotedAgain,
            ["asked again, no answer"] = run.UnansweredAgain,
            ["never told the ballot was in"] = run.NeverTold,
            ["pushes not answered 200"] = run.BadStatus,
            ["late replies"] = run.Late,
            ["busy replies"] = run.Busy,
            ["timed-out pushes (re-sent)"] = run.Timeouts,
            ["poll partitions"] = poll.Partitions,
        };
        cpu.Describe(details, "per ballot", members);
        profiler?.Report(details, "ballot", members);
        return new ScenarioResult(Name, "ballots/s", [level], targets, details);
    }

    private static async Task VoteAsync(Run run, int i, CancellationToken ct)
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

            var seen = run.Rig.WeChat.State.MessagesFor(openId).Count;
            var xml = PushXml.Text(openId, BenchRig.AccountId, choice, run.Rig.NextMsgId(), BenchRig.Now);
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
                        run.Fail(ref run.RetryAnsweredDifferently, $"{openId}: a retried push was answered differently");
                    }
                    break;
                case 7:
                    // The member taps send twice: two messages, two MsgIds, the same answer.
                    replies = await Task.WhenAll(PushAsync(run, xml, ct), PushAsync(run, PushXml.Text(openId, BenchRig.AccountId, choice, run.Rig.NextMsgId(), BenchRig.Now), ct));
                    Interlocked.Increment(ref run.Doubles);
                    break;
                default:
                    replies = [await PushAsync(run, xml, ct)];
                    break;
            }
            run.ChoiceLatencies.Record(clock.Elapsed);

            var confirmations = replies.Distinct().Count(r => r.Contains(Confirmed, StringComparison.Ordinal));
            Interlocked.Add(ref run.Confirmed, confirmations);
            Interlocked.Add(ref run.Refused, replies.Count(r => r.Contains(AlreadyVoted, StringComparison.Ordinal)));
            if (confirmations > 1)
            {
                run.Fail(ref run.TwoBallotsConfirmed, $"{openId}: two ballots confirmed");
            }
            done = replies.Any(r => r.Contains(Confirmed, StringComparison.Ordinal) || r.Contains(AlreadyVoted, StringComparison.Ordinal))
                || (replies.Any(r => r.Length == 0) && await LateAnswerAsync(run, openId, seen, r => r.Contains(Confirmed, StringComparison.Ordinal) || r.Contains(AlreadyVoted, StringComparison.Ordinal), ct) is not null);
        }
        if (!done)
        {
            run.Fail(ref run.NeverTold, $"{openId}: never told the ballot was in");
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
            else if (again.Length == 0 || again.Contains(PushHandlerBusy, StringComparison.Ordinal))
            {
                // No answer in time is a lost reply under load, not a second ballot let through.
                run.Fail(ref run.UnansweredAgain, $"{openId}: asked again after voting, got no answer");
            }
            else
            {
                run.Fail(ref run.VotedAgain, $"{openId}: asked again after voting, got '{Shorten(again)}'");
            }
        }
    }

    private const string PushHandlerBusy = "系统繁忙";
    private const string Confirmed = "投票成功";
    private const string AlreadyVoted = "您已投过票";

    // Sends text and returns the answer: the passive reply, or the custom message that follows one that outran the
    // reply budget; a busy answer is tried again a few times.
    private static async Task<string> AskAsync(Run run, string openId, string text, CancellationToken ct)
    {
        var reply = "";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var seen = run.Rig.WeChat.State.MessagesFor(openId).Count;
            reply = await PushAsync(run, PushXml.Text(openId, BenchRig.AccountId, text, run.Rig.NextMsgId(), BenchRig.Now), ct);
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
            var late = run.Rig.WeChat.State.MessagesFor(openId).Skip(seen).Select(m => m.Text ?? "").FirstOrDefault(wanted);
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
        run.Rig.WeChat.State.RecordInteraction(from, InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
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
            run.Fail(ref run.BadStatus, $"push answered {(int)response.StatusCode}");
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

    private static async Task<string> CreatePollAsync(HttpClient http, Uri baseUrl, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var body = new
        {
            title = "模范和谐企业评选（压力测试）",
            description = "每人一票。",
            options = Enumerable.Range(1, OptionCount).Select(o => $"候选企业 {o}").ToArray(),
            maxChoices = 1,
            audience = "all",
            opensAt = now.AddMinutes(-1),
            closesAt = now.AddHours(6),
            channel = "none",
            visibility = "live",
        };
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/staff/polls")) { Content = JsonContent.Create(body) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminOne);
        using var created = await http.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("id").GetString()!;
        // Everyone-audience polls need a second admin.
        using var approve = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"api/staff/polls/{id}/approve"));
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminTwo);
        using var approved = await http.SendAsync(approve, ct);
        approved.EnsureSuccessStatusCode();
        return id;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>What the members of one run share: the rig, the pusher and the counters.</summary>
    private sealed class Run(BenchRig rig, MessagePusher pusher)
    {
        private readonly ConcurrentQueue<string> _failures = new();

        public BenchRig Rig { get; } = rig;
        public MessagePusher Pusher { get; } = pusher;
        public PushMode Mode => VoteBurstScenario.Mode;
        public int OptionCount => VoteBurstScenario.OptionCount;
        public LatencyRecorder ChoiceLatencies { get; } = new();
        public IEnumerable<string> Failures => _failures;
        public long Pushes;
        public long Confirmed;
        public long Refused;
        public long Retried;
        public long Doubles;
        public long AskedAgain;
        public long Late;
        public long Busy;
        public long Timeouts;
        public long TwoBallotsConfirmed;
        public long RetryAnsweredDifferently;
        public long VotedAgain;
        public long UnansweredAgain;
        public long NeverTold;
        public long BadStatus;

        public void Fail(ref long counter, string problem)
        {
            Interlocked.Increment(ref counter);
            _failures.Enqueue(problem);
        }
    }
}
