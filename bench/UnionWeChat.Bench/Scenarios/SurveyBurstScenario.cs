using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Surveys;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>survey-burst</c>: <c>--members</c> followers (the run is 5,000) answer a 10-question survey on its
/// page over HTTP, <c>--workers</c> at once, right after the announcement: sign in through WeChat OAuth and open the
/// page first (not measured: members open an announcement over minutes), then the burst of submissions, which is
/// measured as responses/s against Azurite's insert rate in the same run. One in ten taps 提交 twice at once.
/// Afterwards every member must have exactly one response, the results must equal what the members sent, and a
/// recount of the rows straight from the table must agree.
/// </summary>
public sealed class SurveyBurstScenario : IScenario
{
    private const string Admin = "bench-admin-one-secret-01";
    private const string Saved = "提交成功";
    private const string Changed = "已更新您的答案";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "survey-burst";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var members = options.Members;
        var concurrency = options.Workers;
        await using var rig = await BenchRig.StartAsync();
        await using var app = rig.StartApp(safeMode: false, a => a
            .WithSetting("Staff:Keys:one", "admin:" + Admin)
            .WithSetting("WeChat:OAuthAuthorizeUrl", new Uri(rig.WeChat.BaseUrl, "connect/oauth2/authorize").ToString()));
        var baseUrl = new Uri(app.PushUrl, "/");
        var surveyId = await CreateSurveyAsync(rig.Http, baseUrl, ct);
        var survey = (await app.Services.GetRequiredService<SurveyStore>().GetAsync(surveyId, ct))!;

        var store = app.Services.GetRequiredService<MemberStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => await store.SaveAsync(new Member { OpenId = OpenId(i), Following = true }, token));

        using var http = PagePhone.NewClient();
        var run = new Run(http, new Uri(baseUrl, $"/api/survey/{surveyId}"));
        var phones = new (PagePhone Phone, string Token)?[members];
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var phone = new PagePhone(http, PagePhone.AddressOf(i), run.Counted);
                try
                {
                    phones[i] = (phone, await phone.SignInAndOpenAsync(run.Page, OpenId(i), token));
                }
                catch (Exception ex) when (PagePhone.IsRequestFailure(ex, token))
                {
                    run.Fail(ref run.Errors, $"{OpenId(i)}: {ex.Message}");
                }
            });

        using var profiler = options.Profile ? new StorageCallProfiler(rig.Azurite.Port, app.TablePrefix) : null;
        var (burst, web, storage, cpu) = await rig.BracketAsync(PushMode.Plaintext, concurrency, options, async () =>
        {
            var clock = Stopwatch.StartNew();
            var finished = 0;
            var step = Math.Max(1, members / 5);
            await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
                async (i, token) =>
                {
                    if (phones[i] is { } opened)
                    {
                        await SubmitAsync(run, i, opened.Phone, opened.Token, token);
                    }
                    if (Interlocked.Increment(ref finished) % step == 0)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {finished} members done after {clock.Elapsed.TotalSeconds:F1} s, {run.Requests} requests"));
                    }
                });
            return clock.Elapsed;
        }, ct);

        var report = SurveyReport.Of(survey, await app.Services.GetRequiredService<ResponseStore>().ListAsync(survey, ct));
        var (rows, distinct) = await RecountAsync(app.Services.GetRequiredService<AppTables>(), survey, ct);
        var expected = Expected(members);
        var resultsMatch = report.Questions.Select((q, n) => q.Counts.SequenceEqual(expected[n])).All(x => x)
            && report.Questions[8].Texts.Count == members && report.Questions[9].Answered == members / 2 + members % 2;
        foreach (var problem in run.Failures.Take(10))
        {
            Console.WriteLine("    problem: " + problem);
        }

        var seconds = burst.TotalSeconds;
        var perSecond = members / seconds;
        var level = new LevelResult(concurrency, rows, run.NeverTold + run.Errors, seconds, perSecond, perSecond,
            run.Latencies.Percentile(50), run.Latencies.Percentile(95), run.Latencies.Percentile(99), web, storage);
        TargetCheck[] targets =
        [
            new("every response counted exactly once", members, report.Responses, report.Responses == members && rows == members && distinct == members),
            new("results == what members sent == recount", 1, resultsMatch && rows == report.Responses ? 1 : 0, resultsMatch && rows == report.Responses),
            new("every member told their response was saved", 0, run.NeverTold + run.Errors, run.NeverTold + run.Errors == 0),
        ];
        var details = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["members"] = members,
            ["responses in the results"] = report.Responses,
            ["rows recounted"] = rows,
            ["burst s"] = Math.Round(seconds, 2),
            ["responses/s ratio to Azurite inserts"] = Math.Round(level.RatioToStorage, 3),
            ["http requests (sign-in, page, submit)"] = run.Requests,
            ["double submissions"] = run.Doubles,
            ["never told"] = run.NeverTold,
            ["unexpected answers"] = run.Errors,
            ["response partitions"] = survey.Partitions,
        };
        cpu.Describe(details, "per response", members);
        profiler?.Report(details, "response", members);
        return new ScenarioResult(Name, "responses/s", [level], targets, details);
    }

    private static string OpenId(int i) => $"oSurvey{i:D21}";

    /// <summary>Member <paramref name="i"/>'s answers to the ten questions, as the page's fields.</summary>
    private static List<KeyValuePair<string, string>> Answers(int i)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(int q, int value) => fields.Add(new($"q{q}", value.ToString(CultureInfo.InvariantCulture)));
        for (var q = 0; q < 4; q++)
        {
            Add(q, (i + q) % 4 + 1);
        }
        Add(4, i % 5 + 1);
        Add(4, (i + 2) % 5 + 1);
        Add(5, i % 5 + 1);
        Add(6, i % 5 + 1);
        Add(7, (i * 7) % 5 + 1);
        fields.Add(new("q8", $"第{i}位职工的单位"));
        fields.Add(new("q9", i % 2 == 0 ? $"第{i}位职工的建议：希望工会多组织技能培训。" : ""));
        return fields;
    }

    /// <summary>The counts <see cref="Answers"/> add up to, per question and option.</summary>
    private static List<int[]> Expected(int members)
    {
        var counts = new List<int[]> { new int[4], new int[4], new int[4], new int[4], new int[5], new int[5], new int[5], new int[5], Array.Empty<int>(), Array.Empty<int>() };
        for (var i = 0; i < members; i++)
        {
            foreach (var (field, value) in Answers(i))
            {
                var q = int.Parse(field[1..], CultureInfo.InvariantCulture);
                if (q < 8)
                {
                    counts[q][int.Parse(value, CultureInfo.InvariantCulture) - 1]++;
                }
            }
        }
        return counts;
    }

    private static async Task SubmitAsync(Run run, int i, PagePhone phone, string token, CancellationToken ct)
    {
        var form = Answers(i);
        form.Add(new("__RequestVerificationToken", token));
        try
        {
            var clock = Stopwatch.StartNew();
            HttpResponseMessage[] posted;
            if (i % 10 == 7)
            {
                // A double tap: the same form sent twice at once; one response, the second an update of it.
                Interlocked.Increment(ref run.Doubles);
                posted = await Task.WhenAll(phone.PostFormAsync(run.Page, form, ct), phone.PostFormAsync(run.Page, form, ct));
            }
            else
            {
                posted = [await phone.PostFormAsync(run.Page, form, ct)];
            }
            run.Latencies.Record(clock.Elapsed);
            var told = 0;
            foreach (var p in posted)
            {
                var html = await p.Content.ReadAsStringAsync(ct);
                told += p.StatusCode == HttpStatusCode.OK && (html.Contains(Saved, StringComparison.Ordinal) || html.Contains(Changed, StringComparison.Ordinal)) ? 1 : 0;
                p.Dispose();
            }
            if (told == 0)
            {
                run.Fail(ref run.NeverTold, $"{OpenId(i)}: no submission was confirmed");
            }
        }
        catch (Exception ex) when (PagePhone.IsRequestFailure(ex, ct))
        {
            run.Fail(ref run.Errors, $"{OpenId(i)}: {ex.Message}");
        }
    }

    /// <summary>Counts the survey's rows straight from the table, not through the results code: rows and distinct members.</summary>
    private static async Task<(long Rows, long Distinct)> RecountAsync(AppTables tables, Survey survey, CancellationToken ct)
    {
        var table = await tables.OpenAsync(TableRegistry.SurveyResponses, ct);
        long rows = 0;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(
            $"PartitionKey ge '{survey.Id}-' and PartitionKey lt '{survey.Id}.'", select: ["RowKey"], cancellationToken: ct))
        {
            rows++;
            keys.Add(e.RowKey);
        }
        return (rows, keys.Count);
    }

    private static async Task<string> CreateSurveyAsync(HttpClient http, Uri baseUrl, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        object Choice(string kind, string title, int options, int? max = null) => new
        {
            kind, title, options = Enumerable.Range(1, options).Select(o => $"{title}选项{o}").ToArray(), maxChoices = max, required = true, mayOpenCase = false,
        };
        object Plain(string kind, string title, bool required) => new { kind, title, options = Array.Empty<string>(), required, mayOpenCase = false };
        var body = new
        {
            title = "职工生活状况调查（问卷压力测试）",
            intro = "十道题，约三分钟。",
            audience = new { kind = "all" },
            opensAt = now.AddMinutes(-1),
            closesAt = now.AddHours(6),
            anonymous = true,
            announce = false,
            questions = new[]
            {
                Choice("single", "第一题", 4), Choice("single", "第二题", 4), Choice("single", "第三题", 4), Choice("single", "第四题", 4),
                Choice("multiple", "第五题", 5, 3), Choice("multiple", "第六题", 5, 3),
                Plain("rating", "第七题", true), Plain("rating", "第八题", true),
                Plain("shortText", "第九题", true), Plain("longText", "第十题", false),
            },
        };
        async Task<JsonElement> SendAsync(string path, object? content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = content is null ? null : JsonContent.Create(content) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Admin);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        }
        var id = (await SendAsync("api/staff/surveys", body)).GetProperty("id").GetString()!;
        await SendAsync($"api/staff/surveys/{id}/publish", null);
        return id;
    }

    /// <summary>What the members of one run share: the client, the page and the counters.</summary>
    private sealed class Run(HttpClient http, Uri page)
    {
        private readonly ConcurrentQueue<string> _failures = new();

        public HttpClient Http { get; } = http;
        public Uri Page { get; } = page;
        public LatencyRecorder Latencies { get; } = new();
        public IEnumerable<string> Failures => _failures;
        public long Requests;
        public long Doubles;
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
