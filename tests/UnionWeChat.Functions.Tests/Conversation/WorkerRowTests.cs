using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Conversation;

/// <summary>
/// A message reads and writes one row, the worker's: one point read (none while the row is kept) and one
/// conditional write that records the push, its reply, the dialog and the service window together.
/// </summary>
public sealed class WorkerRowTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_message_costs_one_read_and_one_write_and_the_next_one_only_the_write()
    {
        var calls = new StorageCalls();
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithServices(s => calls.Install(s)));
        const string worker = "oWorkerOneTrip0000000000001";
        await chat.SayAsync("oWorkerWarmUp00000000000001", "你好"); // opens the tables and loads the keyword answers
        calls.Clear();

        await chat.SayAsync(worker, "投诉");
        Assert.Equal(["GET members", "POST members"], calls.Taken());

        var reply = await chat.SayAsync(worker, "1");
        Assert.Equal(["PUT members"], calls.Taken());
        Assert.Contains("单位", reply);

        var member = await chat.App.Services.GetRequiredService<MemberStore>().GetAsync(worker, CancellationToken.None);
        Assert.True(member!.Following);
        Assert.Equal(UnionWeChat.WeChat.Api.InteractionKind.UserMessage, member.LastInteractionKind);
        Assert.Equal("employer", (await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None))!.Step);
    }

    [Fact]
    public async Task A_write_whose_answer_was_lost_is_found_to_be_ours_and_the_worker_gets_the_real_reply()
    {
        var calls = new StorageCalls { LoseFirstWriteAnswer = true };
        await using var chat = await ChatHarness.StartAsync(azurite, configure: app => app.WithServices(s => calls.Install(s)));
        const string worker = "oWorkerLostWrite00000000001";

        var reply = await chat.SayAsync(worker, "投诉");

        Assert.True(calls.LostOne, "no write answer was dropped, so the retry was not exercised");
        Assert.DoesNotContain(PushHandler.BusyText, reply);
        Assert.Equal("complaint", (await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None))!.Flow);
    }

    [Fact]
    public async Task A_kept_row_changed_elsewhere_is_read_again_and_the_message_decided_on_what_is_stored()
    {
        await using var chat = await ChatHarness.StartAsync(azurite);
        const string worker = "oWorkerStale000000000000001";
        const string other = "oWorkerStale000000000000002";
        var freshAnswer = await chat.SayAsync(other, "1");
        await chat.SayAsync(worker, "投诉");

        // Another instance handles 取消 for this worker: the row changes behind this instance's kept copy.
        var options = chat.App.Services.GetRequiredService<StorageOptions>();
        var table = new TableServiceClient(options.ConnectionString).GetTableClient(chat.App.TablePrefix + MemberRows.TableName);
        await table.UpsertEntityAsync(new TableEntity(worker, worker) { ["DialogFlow"] = "" }, TableUpdateMode.Merge);

        // On the kept copy "1" would pick a complaint category; on the stored row there is no dialog to continue.
        var reply = await chat.SayAsync(worker, "1");
        Assert.Equal(freshAnswer, reply);
        Assert.Null(await chat.App.Services.GetRequiredService<DialogStore>().GetAsync(worker, CancellationToken.None));
    }

    [Fact]
    public async Task Expired_push_records_are_cleared_from_quiet_workers_rows_and_the_profile_stays()
    {
        await using var chat = await ChatHarness.StartAsync(azurite);
        const string worker = "oWorkerQuiet000000000000001";
        await chat.SayAsync(worker, "你好");
        var services = chat.App.Services;
        var options = services.GetRequiredService<StorageOptions>();
        var table = new TableServiceClient(options.ConnectionString).GetTableClient(chat.App.TablePrefix + MemberRows.TableName);
        Assert.Contains(PushRecords.Column, (await table.GetEntityAsync<TableEntity>(worker, worker)).Value.Keys);

        var later = new ManualTimeProvider(TimeProvider.System.GetUtcNow() + PushRecords.KeepFor + TimeSpan.FromMinutes(1));
        var cleanup = new PushLedgerCleanup(services.GetRequiredService<AppTables>(), services.GetRequiredService<MemberRows>(), later,
            services.GetRequiredService<ILogger<PushLedgerCleanup>>());
        await cleanup.RunAsync(CancellationToken.None);

        var row = (await table.GetEntityAsync<TableEntity>(worker, worker)).Value;
        Assert.DoesNotContain(PushRecords.Column, row.Keys);
        Assert.True(row.GetBoolean("Following"));
    }

    /// <summary>Counts the app's Table Storage calls (method and table), and can drop the first write's answer.</summary>
    private sealed class StorageCalls : HttpPipelinePolicy
    {
        private readonly ConcurrentQueue<string> _calls = new();
        private int _lost;

        public bool LoseFirstWriteAnswer { get; init; }

        public bool LostOne => Volatile.Read(ref _lost) == 1;

        public void Install(IServiceCollection services) =>
            services.Replace(ServiceDescriptor.Singleton(sp => new StorageClients(
                sp.GetRequiredService<StorageOptions>(), o => o.AddPolicy(this, HttpPipelinePosition.PerRetry))));

        public void Clear() => _calls.Clear();

        public string[] Taken()
        {
            var taken = _calls.ToArray();
            _calls.Clear();
            return taken;
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            After(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            After(message);
        }

        private void After(HttpMessage message)
        {
            // "/devstoreaccount1/{prefix}members(PartitionKey='…',RowKey='…')" → "members"; table creation is not counted.
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            var name = path[(path.LastIndexOf('/') + 1)..].Split('(')[0];
            if (name == "Tables" || name.EndsWith("answers", StringComparison.Ordinal))
            {
                return;
            }
            var table = name.EndsWith(MemberRows.TableName, StringComparison.Ordinal) ? MemberRows.TableName : name;
            var method = message.Request.Method.ToString();
            if (LoseFirstWriteAnswer && method is "POST" or "PUT" && table == MemberRows.TableName && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("connection reset before the answer arrived");
            }
            _calls.Enqueue($"{method} {table}");
        }
    }
}
