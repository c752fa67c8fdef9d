using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Health;

/// <summary>
/// Whether Table Storage answers, checked with a short timeout and remembered for at most two seconds, so a
/// health poller cannot hammer storage and an outage shows within a few seconds.
/// </summary>
public sealed class StorageProbe(StorageClients clients, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (bool Reachable, DateTimeOffset At)? _last;

    public async Task<bool> IsReachableAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < CacheFor)
            {
                return last.Reachable;
            }
            var reachable = await PingAsync(ct);
            _last = (reachable, time.GetUtcNow());
            return reachable;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> PingAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await clients.Reply.PingAsync(timeout.Token);
            return true;
        }
        catch (TableStorageException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
