using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>vote-page</c>: <c>--members</c> followers (default 1,000) vote on the vote page over HTTP, <c>--workers</c> at
/// once, as WeChat's browser does: open the link (→ WeChat's authorize page, here the fake WeChat, which sends the
/// phone back with a code) → the page → POST the ballot with its anti-forgery field → the receipt page. Each phone
/// keeps its own cookies and comes from its own address. One in ten taps submit twice at once (one ballot, one
/// 您已投过票). Measured: the ballots, i.e. ballots/s from the first submission until every ballot is in the tally,
/// as a ratio to Azurite's insert rate. Opening the link and the page come first and are not measured (members open
/// an announcement over minutes; those are reads), and the receipt page each phone is sent to afterwards is checked
/// after the window. Afterwards every ballot must be in the box once, the receipt page must confirm it, and the tally
/// must equal the expected counts and a recount.
/// </summary>
public sealed class VotePageScenario : IScenario
{
    private const int OptionCount = 5;
    private const string AdminOne = "bench-admin-one-secret-01";
    private const string AdminTwo = "bench-admin-two-secret-02";
    private const string Confirmed = "投票成功";
    private const string AlreadyVoted = "您已投过票";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "vote-page";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var members = options.Members;
        var concurrency = options.Workers;
        await using var rig = await BenchRig.StartAsync();
        await using var app = rig.StartApp(safeMode: false, a => a
            .WithSetting("Staff:Keys:one", "admin:" + AdminOne)
            .WithSetting("Staff:Keys:two", "admin:" + AdminTwo)
            .WithSetting("WeChat:OAuthAuthorizeUrl", new Uri(rig.WeChat.BaseUrl, "connect/oauth2/authorize").ToString()));
        var baseUrl = new Uri(app.PushUrl, "/");
        var pollId = await CreatePollAsync(rig.Http, baseUrl, ct);
        var poll = (await app.Services.GetRequiredService<PollStore>().GetAsync(pollId, ct))!;
        var tallies = app.Services.GetRequiredService<TallyReader>();

        // The members are followers already (the announcement reached them); that is not what is measured.
        var store = app.Services.GetRequiredService<MemberStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => await store.SaveAsync(new Member { OpenId = OpenId(i), Following = true }, token));

        // Phones see every redirect (the rig's client follows them) and keep their own cookies.
        using var http = PagePhone.NewClient();
        await WarmUpAsync(rig.Http, http, baseUrl, Math.Min(members, WarmUpMembers), concurrency, ct);
        var run = new Run(http, baseUrl, pollId);
        var phones = new Opened?[members];
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => phones[i] = await OpenAsync(run, i, token));
        using var profiler = options.Profile ? new StorageCallProfiler(rig.Azurite.Port, app.TablePrefix) : null;
        var (timing, web, storage, cpu) = await rig.BracketAsync(PushMode.Plaintext, concurrency, options, async () =>
        {
            var burst = Stopwatch.StartNew();
            var finished = 0;
            var step = Math.Max(1, members / 5);
            await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    if (phones[i] is { } opened)
                    {
                        phones[i] = await SubmitAsync(run, i, opened, token);
                    }
                    if (Interlocked.Increment(ref finished) % step == 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {finished} members done after {burst.Elapsed.TotalSeconds:F1} s, {run.Requests} requests"));
                    }
                });
            var burstTime = burst.Elapsed;
            // A ballot is in the box when the page says so; the wait is only for a count that catches up.
            var tally = await tallies.ReadAsync(poll, ct);
            var countedWhenTold = tally.Voters;
            var settle = Stopwatch.StartNew();
            while (tally.Voters < members && settle.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, ct);
                tally = await tallies.ReadAsync(poll, ct);
            }
            return (Burst: burstTime, Settle: settle.Elapsed, CountedWhenTold: countedWhenTold);
        }, ct);

        // Each accepted phone follows the post/redirect/get to its receipt, which must confirm the ballot.
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                if (phones[i] is { Accepted: true } opened)
                {
                    await CheckReceiptAsync(run, i, opened, token);
                }
            });

        var tally = await tallies.ReadAsync(poll, ct);
        var recount = await app.Services.GetRequiredService<Recounter>().RecountAsync(poll, ct);
        var expected = Enumerable.Range(1, OptionCount).Select(o => (long)Enumerable.Range(0, members).Count(i => i % OptionCount + 1 == o)).ToArray();
        foreach (var problem in run.Failures.Take(10))
        {
            Console.WriteLine("    problem: " + problem);
        }

        var seconds = (timing.Burst + timing.Settle).TotalSeconds;
        var ballotsPerSecond = members / seconds;
        // The ratios are of ballots/s (not of the ~6 HTTP requests each takes): a ballot is one insert now.
        var level = new LevelResult(concurrency, recount.Ballots, run.NeverTold + run.Errors, seconds, ballotsPerSecond, ballotsPerSecond,
            run.BallotLatencies.Percentile(50), run.BallotLatencies.Percentile(95), run.BallotLatencies.Percentile(99), web, storage);

        var onceEach = recount.Ballots == members && tally.Voters == members && timing.CountedWhenTold == members;
        var tallyMatches = recount.Matches && tally.Counts.SequenceEqual(expected) && recount.Unreadable == 0;
        TargetCheck[] targets =
        [
            new("every ballot counted exactly once", members, recount.Ballots, onceEach),
            new("tally == expected == recount", 1, tallyMatches ? 1 : 0, tallyMatches),
            new("double submissions rejected", 0, run.TwoBallotsConfirmed, run.TwoBallotsConfirmed == 0),
            new($"ballots/s >= 60 % of Azurite inserts at c={concurrency}", 0.6, Math.Round(level.RatioToStorage, 3), level.RatioToStorage >= 0.6),
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
            ["http requests (sign-in, page, ballot, receipt)"] = run.Requests,
            ["double submissions"] = run.Doubles,
            ["second ballots refused"] = run.Refused,
            ["two ballots confirmed"] = run.TwoBallotsConfirmed,
            ["never told the ballot was in"] = run.NeverTold,
            ["unexpected answers"] = run.Errors,
            ["poll partitions"] = poll.Partitions,
        };
        cpu.Describe(details, "per ballot", members);
        profiler?.Report(details, "ballot", members);
        return new ScenarioResult(Name, "ballots/s", [level], targets, details);
    }

    private static string OpenId(int i) => $"oPage{i:D23}";

    /// <summary>Members who vote in a warm-up poll before the measured burst (the first of the run's members).</summary>
    private const int WarmUpMembers = 300;

    /// <summary>
    /// The ballot's own path (anti-forgery check, form, insert, redirect) runs for the first time in the measured
    /// burst unless something ran it before, and a 1,000-member burst lasts under a second: the JIT's first tiers
    /// would be measured, not the app. So, as the webhook scenarios warm up before each level, the first members sign
    /// in to a second poll and vote there first; the measured poll's counts are untouched.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient staff, HttpClient phones, Uri baseUrl, int count, int concurrency, CancellationToken ct)
    {
        var warm = new Run(phones, baseUrl, await CreatePollAsync(staff, baseUrl, ct));
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                if (await OpenAsync(warm, i, token) is { } opened)
                {
                    await SubmitAsync(warm, i, opened, token);
                }
            });
        if (warm.NeverTold + warm.Errors > 0)
        {
            throw new InvalidOperationException("the warm-up poll refused ballots: " + string.Join("; ", warm.Failures.Take(3)));
        }
    }

    /// <summary>A phone signed in with its ballot page open: what it needs to submit, and whether a submission was accepted.</summary>
    private sealed record Opened(PagePhone Phone, string Token, bool Accepted = false);

    private static async Task<Opened?> OpenAsync(Run run, int i, CancellationToken ct)
    {
        var openId = OpenId(i);
        var phone = new PagePhone(run.Http, PagePhone.AddressOf(i), run.Counted);
        try
        {
            var token = await phone.SignInAndOpenAsync(run.Page, openId, ct);
            return new Opened(phone, token);
        }
        catch (Exception ex) when (PagePhone.IsRequestFailure(ex, ct))
        {
            run.Fail(ref run.Errors, $"{openId}: {ex.Message}");
            return null;
        }
    }

    private static async Task<Opened?> SubmitAsync(Run run, int i, Opened opened, CancellationToken ct)
    {
        var openId = OpenId(i);
        var choice = (i % OptionCount + 1).ToString(CultureInfo.InvariantCulture);
        var phone = opened.Phone;
        try
        {
            KeyValuePair<string, string>[] form = [new("choice", choice), new("__RequestVerificationToken", opened.Token)];
            var clock = Stopwatch.StartNew();
            HttpResponseMessage[] posted;
            if (i % 10 == 7)
            {
                // A double tap: the same form sent twice at once.
                Interlocked.Increment(ref run.Doubles);
                posted = await Task.WhenAll(phone.PostFormAsync(run.Page, form, ct), phone.PostFormAsync(run.Page, form, ct));
            }
            else
            {
                posted = [await phone.PostFormAsync(run.Page, form, ct)];
            }
            run.BallotLatencies.Record(clock.Elapsed);
            var accepted = posted.Count(p => p.StatusCode == HttpStatusCode.Redirect);
            Interlocked.Add(ref run.Refused, posted.Count(p => p.StatusCode == HttpStatusCode.Conflict));
            foreach (var p in posted)
            {
                p.Dispose();
            }
            if (accepted > 1)
            {
                run.Fail(ref run.TwoBallotsConfirmed, $"{openId}: two ballots confirmed");
            }
            if (accepted == 0)
            {
                run.Fail(ref run.NeverTold, $"{openId}: no submission was accepted");
                return null;
            }
            return opened with { Accepted = true };
        }
        catch (Exception ex) when (PagePhone.IsRequestFailure(ex, ct))
        {
            run.Fail(ref run.Errors, $"{openId}: {ex.Message}");
            return null;
        }
    }

    private static async Task CheckReceiptAsync(Run run, int i, Opened opened, CancellationToken ct)
    {
        var openId = OpenId(i);
        try
        {
            // The browser follows the post/redirect/get to the receipt.
            using var receipt = await opened.Phone.GetAsync(new Uri(run.Page + "?done=1"), ct);
            var done = await (await PagePhone.ExpectAsync(receipt, HttpStatusCode.OK, "receipt page", ct)).Content.ReadAsStringAsync(ct);
            if (!done.Contains(Confirmed, StringComparison.Ordinal) && !done.Contains(AlreadyVoted, StringComparison.Ordinal))
            {
                run.Fail(ref run.NeverTold, $"{openId}: the receipt page does not confirm the ballot");
            }
        }
        catch (Exception ex) when (PagePhone.IsRequestFailure(ex, ct))
        {
            run.Fail(ref run.Errors, $"{openId}: {ex.Message}");
        }
    }

    private static async Task<string> CreatePollAsync(HttpClient http, Uri baseUrl, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var body = new
        {
            title = "模范和谐企业评选（投票页压力测试）",
            description = "每人一票。",
            options = Enumerable.Range(1, OptionCount).Select(o => $"候选企业 {o}").ToArray(),
            maxChoices = 1,
            audience = "all",
            opensAt = now.AddMinutes(-1),
            closesAt = now.AddHours(6),
            channel = "none",
            // Live results: every page view shows the (cached) count, as members would see it.
            visibility = "live",
        };
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/staff/polls")) { Content = JsonContent.Create(body) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminOne);
        using var created = await http.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("id").GetString()!;
        using var approve = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"api/staff/polls/{id}/approve"));
        approve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminTwo);
        using var approved = await http.SendAsync(approve, ct);
        approved.EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>What the members of one run share: the client, the poll and the counters.</summary>
    private sealed class Run(HttpClient http, Uri baseUrl, string pollId)
    {
        private readonly ConcurrentQueue<string> _failures = new();

        public HttpClient Http { get; } = http;
        /// <summary>The vote page: the announcement's link, the ballot form and where it is posted.</summary>
        public Uri Page { get; } = new(baseUrl, $"/api/vote/{pollId}");
        public LatencyRecorder BallotLatencies { get; } = new();
        public IEnumerable<string> Failures => _failures;
        public long Requests;
        public long Doubles;
        public long Refused;
        public long TwoBallotsConfirmed;
        public long NeverTold;
        public long Errors;

        public void Counted() => Interlocked.Increment(ref Requests);

        public void Fail(ref long counter, string problem)
        {
            Interlocked.Increment(ref counter);
            _failures.Enqueue(problem);
        }
    }
}
