using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>complaint</c>: many workers at once, each a new follower, go through the whole complaint dialog in safe mode —
/// 投诉 → 1 → employer → description → phone → 2 (not anonymous) → 确认 — and must get a case number. Measured:
/// cases/s, and latency per message. Afterwards every number is looked up: it must exist and be unique.
/// </summary>
public sealed partial class ComplaintScenario : IScenario
{
    private const PushMode Mode = PushMode.Safe;

    // What the worker says, and a piece of what the account must answer to it.
    private static readonly (string Say, string Expect)[] Dialog =
    [
        ("投诉", "请选择问题类别"),
        ("1", "用人单位"),
        ("宏达建筑工程有限公司", "描述事情经过"),
        ("公司拖欠我三个月工资共一万二千元，多次讨要无果。", "联系电话"),
        ("13800138000", "匿名"),
        ("2", "确认无误"),
        ("确认", "提交成功"),
    ];

    public string Name => "complaint";

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        await using var rig = await BenchRig.StartAsync();
        await using var app = rig.StartApp(safeMode: true);
        var pusher = rig.Pusher(app.PushUrl, Mode);
        var workers = options.Workers;

        // Warm up on dialogs of their own, then measure on fresh ones, so per-message latencies are the measured ones.
        var warm = new Talk(rig, pusher, "w");
        await LoadRunner.RunAsync(workers, options.Warmup, TimeSpan.Zero, warm.ComplainAsync, ct);

        var talk = new Talk(rig, pusher, "m");
        using var profiler = options.Profile ? new StorageCallProfiler(rig.Azurite.Port, app.TablePrefix) : null;
        var (sample, web, storage, cpu) = await rig.BracketAsync(Mode, workers, options,
            () => LoadRunner.RunAsync(workers, TimeSpan.Zero, options.Duration, talk.ComplainAsync, ct), ct);

        var level = new LevelResult(workers, sample.Operations, sample.Errors, sample.Seconds, sample.PerSecond,
            sample.Seconds > 0 ? talk.Pushes / sample.Seconds : 0,
            talk.Latencies.Percentile(50), talk.Latencies.Percentile(95), talk.Latencies.Percentile(99), web, storage);
        Console.WriteLine(WebhookScenario.Describe(level, sample));

        var details = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["messages/s"] = Math.Round(level.RequestsPerSecond, 1),
            ["dialog p50 ms"] = Math.Round(sample.P50Ms, 1),
            ["dialog p99 ms"] = Math.Round(sample.P99Ms, 1),
            ["late replies"] = talk.Late,
            ["busy replies (said again)"] = talk.Busy,
            ["dialogs without a case number"] = sample.Errors,
        };
        cpu.Describe(details, "per case", sample.Operations + sample.Errors);
        profiler?.Report(details, "case", sample.Operations + sample.Errors);

        var (found, unique) = await VerifyAsync(app, talk.CaseNumbers, ct);
        details["case numbers issued"] = talk.CaseNumbers.Count;
        details["case numbers found in storage"] = found;
        details["case numbers unique"] = unique;

        return new ScenarioResult(Name, "cases/s", [level], [TargetCheck.ShareOfStorage([level], 0.5)], details);
    }

    private static async Task<(int Found, int Unique)> VerifyAsync(BenchApp app, IReadOnlyCollection<string> numbers, CancellationToken ct)
    {
        var store = app.Services.GetRequiredService<CaseStore>();
        var found = 0;
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (number, token) =>
        {
            if (await store.GetAsync(number, token) is not null)
            {
                Interlocked.Increment(ref found);
            }
        });
        return (found, numbers.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>The workers' side of the dialogs of one run, and what was seen.</summary>
    private sealed class Talk(BenchRig rig, MessagePusher pusher, string tag)
    {
        private long _pushes, _late, _busy;

        public LatencyRecorder Latencies { get; } = new();

        public ConcurrentBag<string> CaseNumbers { get; } = [];

        public long Pushes => Interlocked.Read(ref _pushes);

        public long Late => Interlocked.Read(ref _late);

        public long Busy => Interlocked.Read(ref _busy);

        public async Task<bool> ComplainAsync(int worker, long n, CancellationToken ct)
        {
            var openId = $"oBenchCase{tag}{worker:D4}n{n:D6}_worker";
            rig.Follow(openId);
            string reply = "";
            foreach (var (say, expect) in Dialog)
            {
                reply = await SayAsync(openId, say, ct);
                if (!reply.Contains(expect, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"after “{say}” the account said “{Shorten(reply)}”");
                }
            }
            var number = CaseNumber().Match(reply);
            if (!number.Success)
            {
                return false;
            }
            CaseNumbers.Add(number.Value);
            return true;
        }

        // Like a patient worker: says it again when the account answers 系统繁忙.
        private async Task<string> SayAsync(string openId, string text, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                var reply = await PushAsync(openId, text, ct);
                if (reply != PushHandler.BusyText || attempt == 2)
                {
                    return reply;
                }
                Interlocked.Increment(ref _busy);
            }
        }

        private async Task<string> PushAsync(string openId, string text, CancellationToken ct)
        {
            var before = rig.WeChat.State.MessagesFor(openId).Count;
            var started = Stopwatch.GetTimestamp();
            var response = await pusher.PushAsync(PushXml.Text(openId, BenchRig.AccountId, text, rig.NextMsgId(), BenchRig.Now), Mode, ct);
            Latencies.RecordSince(started);
            Interlocked.Increment(ref _pushes);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"push answered {(int)response.StatusCode}");
            }
            if (!response.IsSuccessOnly)
            {
                return XElement.Parse(response.ReplyXml!).Element("Content")?.Value ?? "";
            }
            // Over the reply budget: the answer comes as a custom message; the next step must wait for it.
            Interlocked.Increment(ref _late);
            var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var messages = rig.WeChat.State.MessagesFor(openId);
                if (messages.Count > before)
                {
                    return messages[before].Text ?? "";
                }
                await Task.Delay(20, ct);
            }
            throw new TimeoutException("no late reply within 30 s");
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    [GeneratedRegex(@"TS-\d{8}-\d{4,}")]
    private static partial Regex CaseNumber();
}
