using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using Xunit.Abstractions;

namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// Storage goes away for 20 seconds in the middle of a burst of complaints. The app must keep answering every
/// push (a busy text or "success"), and every case it acknowledged with a number must be there afterwards.
/// </summary>
public sealed partial class StorageOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_complaint_acknowledged_during_a_storage_outage_is_stored_afterwards()
    {
        var folder = Directory.CreateTempSubdirectory("azurite-outage").FullName;
        await using var azurite = new AzuriteProcess(location: folder);
        await azurite.StartAsync();
        var fixture = new AzuriteFixtureOver(azurite);
        await using var chat = await ChatHarness.StartAsync(fixture, PushMode.Plaintext);

        var workers = Enumerable.Range(0, 40).Select(i => $"oWorkerOutage{i:D14}").ToArray();
        foreach (var w in workers)
        {
            await chat.SayAsync(w, "投诉");
            await chat.SayAsync(w, "1");
            await chat.SayAsync(w, "宁夏某某物流有限公司");
            await chat.SayAsync(w, "加班费三个月没有结算，共计6000元。");
            await chat.SayAsync(w, "跳过");
            await chat.SayAsync(w, "2");
        }

        // Half the workers confirm before the outage; during it, everyone keeps sending; then storage returns.
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(string Worker, string Number)>();
        var slowestMs = 0L;
        Task ConfirmAllAsync(IEnumerable<string> who) => Task.WhenAll(who.Select(async w =>
        {
            var clock = Stopwatch.StartNew();
            var reply = await chat.SayAsync(w, "确认");
            InterlockedMax(ref slowestMs, clock.ElapsedMilliseconds);
            if (CaseNumber().Match(reply) is { Success: true } m)
            {
                acknowledged.Add((w, m.Value));
            }
            else
            {
                Assert.True(reply is PushHandler.BusyText or "", $"unexpected answer during the outage: {reply}");
            }
        }));

        await ConfirmAllAsync(workers[..20]);
        await azurite.StopAsync();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(20))
        {
            await ConfirmAllAsync(workers[20..]);
        }
        await azurite.StartAsync();
        // Workers who were told "系统繁忙" try again, as they were asked to.
        for (var round = 0; round < 10 && acknowledged.Count < workers.Length; round++)
        {
            await ConfirmAllAsync(workers.Where(w => acknowledged.All(a => a.Worker != w)).ToArray());
        }

        // Recorded, not asserted (timings on shared machines are noise); the budget logic is tested in WeChatEndpointTests.
        output.WriteLine($"slowest answer {slowestMs} ms; {acknowledged.Count} acknowledged");
        Assert.Equal(workers.Length, acknowledged.Select(a => a.Worker).Distinct().Count());
        var store = chat.App.Services.GetRequiredService<CaseStore>();
        foreach (var (worker, number) in acknowledged)
        {
            var stored = await store.GetAsync(number, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(WorkerRef.Of(worker), stored.WorkerRef);
        }
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Number).Distinct().Count());
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [GeneratedRegex("TS-\\d{8}-\\d{4,}")]
    private static partial Regex CaseNumber();

    /// <summary>Lets the chat harness use an Azurite this test starts and stops itself.</summary>
    private sealed class AzuriteFixtureOver(AzuriteProcess azurite) : IAzuriteConnection
    {
        public string ConnectionString => azurite.ConnectionString;
    }
}
