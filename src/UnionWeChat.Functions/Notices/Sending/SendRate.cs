using System.Threading.RateLimiting;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The send rate of this instance, shared by every notice: a token bucket refilled every few tens of milliseconds
/// with no burst beyond one refill, so any one-second window stays within about 5 % of the configured rate.
/// </summary>
public sealed class SendRate : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;

    public SendRate(NoticeOptions options)
    {
        RequestsPerSecond = options.RequestsPerSecond;
        var tokens = Math.Max(1, (int)Math.Round(options.RequestsPerSecond / 20));
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokens / options.RequestsPerSecond),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public double RequestsPerSecond { get; }

    /// <summary>Waits for the next request's turn.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The send rate queue is full.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
