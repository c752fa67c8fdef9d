using System.Collections.Concurrent;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// Slows down guessing: after <see cref="StaffOptions.SignInFailuresBeforeLockout"/> failed sign-ins from one
/// address, that address is refused (429) for <see cref="StaffOptions.SignInLockout"/>, doubling with each further
/// failure up to 30 minutes; a success or an hour without failures forgets it. Refused attempts are not checked, so
/// a right guess during a lockout teaches nothing. Per instance: an attacker spread over many instances gets a few
/// more guesses, which 16+ character secrets make worthless anyway.
/// </summary>
public sealed class SignInThrottle(StaffOptions options, TimeProvider time)
{
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    /// <summary>True (with how long to wait) while <paramref name="address"/> is locked out.</summary>
    public bool IsLockedOut(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_records.TryGetValue(address, out var record))
        {
            return false;
        }
        lock (record)
        {
            retryAfter = record.LockedUntil - time.GetUtcNow();
            return retryAfter > TimeSpan.Zero;
        }
    }

    public void RecordFailure(string address)
    {
        var now = time.GetUtcNow();
        if (_records.Count > PruneAbove)
        {
            Prune(now);
        }
        var record = _records.GetOrAdd(address, _ => new Record());
        lock (record)
        {
            if (now - record.LastFailureAt > Memory)
            {
                record.Failures = 0;
            }
            record.Failures++;
            record.LastFailureAt = now;
            var over = record.Failures - options.SignInFailuresBeforeLockout;
            if (over >= 0)
            {
                var lockout = options.SignInLockout * Math.Pow(2, Math.Min(over, 20));
                record.LockedUntil = now + (lockout < MaxLockout ? lockout : MaxLockout);
            }
        }
    }

    public void RecordSuccess(string address) => _records.TryRemove(address, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, record) in _records)
        {
            bool stale;
            lock (record)
            {
                stale = now - record.LastFailureAt > Memory && record.LockedUntil < now;
            }
            if (stale)
            {
                _records.TryRemove(address, out _);
            }
        }
    }

    private sealed class Record
    {
        public int Failures { get; set; }
        public DateTimeOffset LastFailureAt { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }
}
