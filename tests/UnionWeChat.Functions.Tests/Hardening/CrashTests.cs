using System.Collections.Concurrent;
using System.Xml.Linq;
using Azure.Data.Tables;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Functions.Tests.Deployment;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// The app process is killed (SIGKILL) while workers are confirming complaints. After a restart every worker who
/// confirms again ends with exactly one case, the one they were told about, with its index row and history.
/// </summary>
public sealed class CrashTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Account = "gh_crashtest0001";

    [Fact]
    public async Task Killing_the_app_during_case_creation_leaves_every_worker_with_exactly_one_case()
    {
        await using var wechat = await FakeWeChatServer.StartAsync();
        var settings = AppProcess.Settings(azurite, wechat, "crash");
        var workers = Enumerable.Range(0, 30).Select(i => $"oWorkerCrash{i:D15}").ToArray();
        var msgId = 8_000_000_000L;

        var app = await AppProcess.StartAsync(settings);
        var receipts = new ConcurrentDictionary<string, string>();
        try
        {
            var pusher = PusherFor(app);
            foreach (var w in workers)
            {
                foreach (var text in new[] { "投诉", "1", "宁夏某某机械厂", "工伤后单位拒绝申报工伤认定。", "跳过", "2" })
                {
                    Assert.NotEqual("", await HearAsync(wechat, pusher, w, text, Interlocked.Increment(ref msgId)));
                }
            }

            // Everyone confirms at once; the process dies as soon as the first receipt comes back.
            var killed = new TaskCompletionSource();
            var confirms = workers.Select(async w =>
            {
                try
                {
                    var reply = await SayAsync(pusher, w, "确认", Interlocked.Increment(ref msgId));
                    if (Receipts.ComplaintNumber().Match(reply) is { Success: true } m)
                    {
                        receipts[w] = m.Value;
                        killed.TrySetResult();
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The connection died with the process: this worker got no answer.
                }
            }).ToList();
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await app.DisposeAsync();
            await Task.WhenAll(confirms);
        }
        finally
        {
            await app.DisposeAsync();
        }

        await using var restarted = await AppProcess.StartAsync(settings);
        var again = PusherFor(restarted);
        var heard = new List<string>();
        foreach (var w in workers)
        {
            // A worker without a receipt confirms again; one with a receipt asks for their cases.
            for (var attempt = 0; attempt < 5 && !receipts.ContainsKey(w); attempt++)
            {
                // If the crash came after the dialog was closed, "确认" means nothing any more: the worker asks 查询.
                var reply = await HearAsync(wechat, again, w, attempt == 0 ? "确认" : "查询", Interlocked.Increment(ref msgId));
                heard.Add($"{w[^3..]}#{attempt}: {reply}");
                if (Receipts.ComplaintNumber().Match(reply) is { Success: true } m)
                {
                    receipts[w] = m.Value;
                }
            }
        }

        Assert.True(workers.Length == receipts.Count, string.Join("\n", heard.Take(12)) + "\n" + restarted.Output[^Math.Min(3000, restarted.Output.Length)..]);
        Assert.Equal(workers.Length, receipts.Values.Distinct().Count());
        var service = new TableServiceClient(azurite.ConnectionString);
        var prefix = settings["Storage__TablePrefix"];
        foreach (var w in workers)
        {
            var index = new List<TableEntity>();
            await foreach (var row in service.GetTableClient(prefix + "workercases").QueryAsync(TableFilter.PartitionKeyEquals(WorkerRef.Of(w))))
            {
                index.Add(row);
            }
            var number = receipts[w];
            Assert.Equal(number, Assert.Single(index).RowKey);
            Assert.NotNull(await service.GetTableClient(prefix + "cases").GetAsync(CaseNumbers.MonthOf(number)!, number));
            var history = new List<TableEntity>();
            await foreach (var row in service.GetTableClient(prefix + "casehistory").QueryAsync(TableFilter.PartitionKeyEquals(number)))
            {
                history.Add(row);
            }
            Assert.Single(history, h => h.GetString("Action") == "created");
        }
    }

    private static MessagePusher PusherFor(RunningApp app) =>
        new(app.Client, new Uri(app.Client.BaseAddress!, "/api/wechat"), AppFactory.Token, AppFactory.AppId);

    /// <summary>The answer as the worker sees it: the passive reply, or the custom message that follows "success".</summary>
    private static async Task<string> HearAsync(FakeWeChatServer wechat, MessagePusher pusher, string worker, string text, long msgId)
    {
        wechat.State.RecordInteraction(worker, UnionWeChat.WeChat.Api.InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
        var before = wechat.State.MessagesFor(worker).Count;
        var reply = await SayAsync(pusher, worker, text, msgId);
        if (reply.Length > 0)
        {
            return reply;
        }
        await Eventually.HoldsAsync(() => Task.FromResult(wechat.State.MessagesFor(worker).Count > before), TimeSpan.FromSeconds(60));
        return wechat.State.MessagesFor(worker).Skip(before).FirstOrDefault()?.Text ?? "";
    }

    private static async Task<string> SayAsync(MessagePusher pusher, string worker, string text, long msgId)
    {
        var response = await pusher.PushAsync(PushXml.Text(worker, Account, text, msgId, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()), PushMode.Plaintext, CancellationToken.None);
        return response.ReplyXml is { Length: > 0 } xml && xml != "success" ? XElement.Parse(xml).Element("Content")?.Value ?? "" : "";
    }
}
