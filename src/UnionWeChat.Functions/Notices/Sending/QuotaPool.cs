namespace UnionWeChat.Functions.Notices;

/// <summary>
/// One run's share of a daily quota: taken from the shared row a block at a time, handed to the run's workers, and
/// the unused rest given back when the run ends (<see cref="DisposeAsync"/>).
/// </summary>
public sealed class QuotaPool(SendQuota quota, SendApi api, int block) : IAsyncDisposable
{
    private readonly SemaphoreSlim _reserving = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<(string Day, int Left)> _held = [];
    private bool _dry;

    /// <summary>Takes up to <paramref name="wanted"/> sends; 0 means today's quota is used up.</summary>
    public async Task<int> TakeAsync(int wanted, CancellationToken ct)
    {
        var taken = TakeHeld(wanted);
        if (taken == wanted)
        {
            return taken;
        }
        await _reserving.WaitAsync(ct);
        try
        {
            taken += TakeHeld(wanted - taken);
            if (taken < wanted && !_dry)
            {
                var (granted, day) = await quota.ReserveAsync(api, Math.Max(block, wanted - taken), ct);
                lock (_gate)
                {
                    _dry = granted == 0;
                    _held.Add((day, granted));
                }
                taken += TakeHeld(wanted - taken);
            }
            return taken;
        }
        finally
        {
            _reserving.Release();
        }
    }

    /// <summary>Gives back sends that were taken but never reached WeChat.</summary>
    public void Return(int unused)
    {
        lock (_gate)
        {
            if (unused > 0 && _held.Count > 0)
            {
                _held[^1] = (_held[^1].Day, _held[^1].Left + unused);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<(string Day, int Left)> held;
        lock (_gate)
        {
            held = [.. _held];
            _held.Clear();
        }
        foreach (var (day, left) in held)
        {
            await quota.ReturnUnusedAsync(api, day, left);
        }
        _reserving.Dispose();
    }

    private int TakeHeld(int wanted)
    {
        lock (_gate)
        {
            var taken = 0;
            for (var i = 0; i < _held.Count && taken < wanted; i++)
            {
                var take = Math.Min(_held[i].Left, wanted - taken);
                _held[i] = (_held[i].Day, _held[i].Left - take);
                taken += take;
            }
            return taken;
        }
    }
}
