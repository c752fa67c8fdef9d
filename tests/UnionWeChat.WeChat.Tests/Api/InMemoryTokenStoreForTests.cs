using UnionWeChat.WeChat.Api;

namespace UnionWeChat.WeChat.Tests.Api;

/// <summary>
/// TEST-ONLY, process-local token store and force-refresh ledger, used until the Table Storage implementation
/// lands with the Tables client; the cross-instance tests then move to it (against Azurite).
/// Providers sharing one instance behave like instances sharing the real store.
/// </summary>
internal sealed class InMemoryTokenStoreForTests(TimeProvider time) : IAccessTokenStore, IForceRefreshLedger
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _forceRefreshes = [];
    private readonly TaskCompletionSource _leaseRefused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CachedToken? _token;
    private (string Owner, DateTimeOffset Until)? _lease;

    public int Saves { get; private set; }

    public IReadOnlyList<CachedToken> Saved { get; private set; } = [];

    /// <summary>Completes the first time a provider is refused the lease.</summary>
    public Task LeaseRefused => _leaseRefused.Task;

    public Task<CachedToken?> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_token);
        }
    }

    public Task SaveAsync(CachedToken token, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _token = token;
            Saves++;
            Saved = [.. Saved, token];
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryAcquireRefreshLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_lease is { } held && held.Owner != owner && held.Until > now)
            {
                _leaseRefused.TrySetResult();
                return Task.FromResult(false);
            }

            _lease = (owner, now + duration);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseRefreshLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lease?.Owner == owner)
            {
                _lease = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryRecordForceRefreshAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!ForceRefreshAllowance.Allows(_forceRefreshes, at))
            {
                return Task.FromResult(false);
            }

            _forceRefreshes.Add(at);
            return Task.FromResult(true);
        }
    }

    /// <summary>Pretends another instance holds the lease until <paramref name="until"/>.</summary>
    public void HoldLeaseElsewhere(DateTimeOffset until)
    {
        lock (_gate)
        {
            _lease = ("another-instance", until);
        }
    }

    /// <summary>Pretends a force refresh was already used at <paramref name="at"/>.</summary>
    public void RecordEarlierForceRefresh(DateTimeOffset at)
    {
        lock (_gate)
        {
            _forceRefreshes.Add(at);
        }
    }
}
