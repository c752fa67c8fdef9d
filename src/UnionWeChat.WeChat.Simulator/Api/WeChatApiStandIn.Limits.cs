namespace UnionWeChat.WeChat.Simulator;

// Daily quotas and a send rate limit. Above a daily quota WeChat answers 45009 ("reach max api daily quota
// limit"); calling too often is 45011 ("api minute-quota reach limit"), WeChat's code for frequency limits, so the
// rate limit answers 45011, which a sender treats as "slow down and retry", not as the day's quota being gone.
public sealed partial class WeChatApiStandIn
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private static readonly HashSet<string> SendPaths =
    [
        "/cgi-bin/message/custom/send", "/cgi-bin/message/template/send", "/cgi-bin/message/mass/sendall",
        "/cgi-bin/message/mass/send", "/cgi-bin/message/mass/preview",
    ];

    private readonly Dictionary<string, int> _dailyQuotas = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, DateOnly Day), int> _dailyUse = [];
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private double? _sendsPerSecond;

    /// <summary>Allows <paramref name="callsPerDay"/> calls to <paramref name="path"/> per day (Beijing time); then 45009.</summary>
    public void SetDailyQuota(string path, int callsPerDay)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(callsPerDay);
        lock (_gate)
        {
            _dailyQuotas[path] = callsPerDay;
        }
    }

    /// <summary>Limits send calls (custom, template, mass, preview) to <paramref name="requestsPerSecond"/> together; null lifts it. Above: 45011.</summary>
    public void SetSendRateLimit(double? requestsPerSecond)
    {
        if (requestsPerSecond is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond.Value);
        }

        lock (_gate)
        {
            _sendsPerSecond = requestsPerSecond;
            _recentSends.Clear();
        }
    }

    /// <summary>0, or the errcode for a used-up quota or rate.</summary>
    internal int CheckLimits(string path)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (_dailyQuotas.TryGetValue(path, out var quota))
            {
                var day = DateOnly.FromDateTime((now + ChinaOffset).UtcDateTime);
                var used = _dailyUse.GetValueOrDefault((path, day));
                if (used >= quota)
                {
                    return 45009;
                }

                _dailyUse[(path, day)] = used + 1;
            }

            if (_sendsPerSecond is { } rate && SendPaths.Contains(path))
            {
                while (_recentSends.Count > 0 && now - _recentSends.Peek() >= TimeSpan.FromSeconds(1))
                {
                    _recentSends.Dequeue();
                }

                if (_recentSends.Count >= rate)
                {
                    return 45011;
                }

                _recentSends.Enqueue(now);
            }

            return 0;
        }
    }
}
