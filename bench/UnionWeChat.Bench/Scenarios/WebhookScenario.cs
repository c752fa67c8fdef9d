using System.Globalization;
using System.Net;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Bench.Rig;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// <c>webhook-text</c> and <c>webhook-safe</c>: N senders post signed text messages with distinct MsgIds to the app
/// (in safe mode encrypted, and the encrypted reply verified and decrypted). Each message is a keyword question
/// ("工资") from one of 1,024 followers, so it runs the whole push path: ledger claim, interaction, dialog and
/// member reads, the keyword answer, the stored reply. Measured: messages/s and latency at each sender count.
/// </summary>
public sealed class WebhookScenario(string name, PushMode mode) : IScenario
{
    private const int Followers = 1024;
    private const string Question = "工资";
    private const string AnswerFragment = "拖欠工资";

    public static WebhookScenario Text() => new("webhook-text", PushMode.Plaintext);

    public static WebhookScenario Safe() => new("webhook-safe", PushMode.Safe);

    public string Name => name;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        await using var rig = await BenchRig.StartAsync();
        await using var app = rig.StartApp(safeMode: mode != PushMode.Plaintext);
        var pusher = rig.Pusher(app.PushUrl, mode);
        var openIds = Enumerable.Range(0, Followers).Select(i => $"oBenchHook{i:D6}_followers_x").ToArray();
        foreach (var openId in openIds)
        {
            rig.Follow(openId);
        }

        long late = 0, busy = 0;
        var levels = new List<LevelResult>();
        var details = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var senders in options.Senders)
        {
            using var profiler = options.Profile ? new StorageCallProfiler(rig.Azurite.Port, app.TablePrefix) : null;
            var (sample, web, storage, cpu) = await rig.BracketAsync(mode, senders, options, () => LoadRunner.RunAsync(senders, options.Warmup, options.Duration, async (worker, n, token) =>
            {
                var openId = openIds[(int)((worker * 7919L + n) % Followers)];
                var response = await pusher.PushAsync(PushXml.Text(openId, BenchRig.AccountId, Question, rig.NextMsgId(), BenchRig.Now), mode, token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
                if (response.IsSuccessOnly)
                {
                    // Over the reply budget: the answer goes out later as a custom message. Answered, but late.
                    Interlocked.Increment(ref late);
                    return true;
                }
                if (response.ReplyXml!.Contains(PushHandler.BusyText, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref busy);
                    return false;
                }
                return response.ReplyXml.Contains(AnswerFragment, StringComparison.Ordinal);
            }, ct), ct);
            var level = LevelResult.From(sample, 1, web, storage);
            levels.Add(level);
            Console.WriteLine(Describe(level, sample));
            cpu.Describe(details, $"c={senders}", sample.Operations + sample.Errors + sample.WarmupOperations);
            profiler?.Report(details, $"msg c={senders}", sample.Operations + sample.Errors + sample.WarmupOperations);
        }
        details["late replies"] = late;
        details["busy replies"] = busy;

        return new ScenarioResult(Name, "msg/s", levels,
            [TargetCheck.P99Under(levels, 64, 250), TargetCheck.ShareOfStorage(levels, 0.5)], details);
    }

    internal static string Describe(LevelResult level, LoadSample sample)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  c={level.Concurrency,-3} {level.PerSecond,8:F1}/s  p50 {level.P50Ms,6:F1}  p95 {level.P95Ms,6:F1}  p99 {level.P99Ms,6:F1} ms  | bare web {level.Web.PerSecond,7:F0}/s  azurite {level.Storage.PerSecond,6:F0}/s");
        return sample.Errors > 0 ? line + $"  | {sample.Errors} errors, first: {sample.FirstError}" : line;
    }
}
