using Azure.Core;
using Azure.Core.Pipeline;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Conversation;

/// <summary>The ledger's claim decides who handles a push; it must hold when storage answers late.</summary>
public sealed class PushLedgerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Key = "msg:7000000000000000001";

    [Fact]
    public async Task A_claim_whose_answer_was_lost_and_retried_is_still_ours()
    {
        var lost = new LoseFirstLedgerInsertAnswer();
        var ledger = Ledger(options => options.AddPolicy(lost, HttpPipelinePosition.PerRetry));

        Assert.True(await ledger.TryClaimAsync(Key, CancellationToken.None));
        Assert.True(lost.Lost, "the first insert's answer was not dropped, so the retry was not exercised");
    }

    [Fact]
    public async Task A_second_claim_of_the_same_push_is_refused()
    {
        var ledger = Ledger(_ => { });

        Assert.True(await ledger.TryClaimAsync(Key, CancellationToken.None));
        Assert.False(await ledger.TryClaimAsync(Key, CancellationToken.None));
    }

    private PushLedger Ledger(Action<Azure.Data.Tables.TableClientOptions> adjust)
    {
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = "l" + Guid.NewGuid().ToString("N")[..10] };
        return new PushLedger(new AppTables(new StorageClients(options, adjust), options), new ManualTimeProvider());
    }

    /// <summary>Lets the first insert into the ledger reach storage, then fails as if the connection dropped before the answer.</summary>
    private sealed class LoseFirstLedgerInsertAnswer : HttpPipelinePolicy
    {
        private int _lost;

        public bool Lost => Volatile.Read(ref _lost) == 1;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            LoseFirst(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            LoseFirst(message);
        }

        private void LoseFirst(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Post
                && message.Request.Uri.Path.EndsWith(PushLedger.TableName, StringComparison.Ordinal)
                && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("connection reset before the answer arrived");
            }
        }
    }
}
