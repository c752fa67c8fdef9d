using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Notices;

/// <summary>Section <c>Notices</c>: how fast and how much the sender may send. Defaults are WeChat's published limits.</summary>
public sealed class NoticeOptions : IValidatedOptions
{
    /// <summary>Send requests per second, per instance, all notices together (default 50; 1 to 2,000).</summary>
    public double RequestsPerSecond { get; set; } = 50;

    /// <summary>Template messages a day (default 100,000, a new service account's quota; 0 to 10,000,000).</summary>
    public int TemplateDailyQuota { get; set; } = 100_000;

    /// <summary>Custom messages a day (default 500,000, WeChat's quota for custom/send).</summary>
    public int CustomDailyQuota { get; set; } = 500_000;

    /// <summary>Mass-send calls a day (default 100, WeChat's limit for a service account).</summary>
    public int MassDailyCalls { get; set; } = 100;

    /// <summary>Mass messages one member may receive in a month (default 4, WeChat's rule for service accounts).</summary>
    public int MassMonthlyPerMember { get; set; } = 4;

    /// <summary>Openids per mass call (default 10,000, WeChat's maximum; at least 2).</summary>
    public int MassBatchSize { get; set; } = 10_000;

    /// <summary>Outbox partitions per notice (default 32; 1 to 64): a 100,000-recipient notice is ~3,000 rows each.</summary>
    public int Buckets { get; set; } = 32;

    /// <summary>
    /// Most outbox rows changed in one transaction (default 99, leaving room for the bucket's counter row): audience
    /// rows, mass lists, lapsed claims left unconfirmed. Also the most template or custom sends in one batch of a worker
    /// (fewer when its share of the rate would take longer than about two seconds), which claims and records them one
    /// at a time.
    /// </summary>
    public int ClaimBatchSize { get; set; } = 99;

    /// <summary>Buckets worked at once per notice on one instance (default 16; 1 to 64).</summary>
    public int SendConcurrency { get; set; } = 16;

    /// <summary>
    /// How long a claimed recipient belongs to the instance that claimed it (default 2 minutes; 1 s to 5 minutes).
    /// Kept well under the 10 minutes WeChat de-duplicates a template client_msg_id, so a crashed claim is retried
    /// while WeChat still drops a repeat.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts per recipient for errors worth retrying (-1, 5xx after the client's own retries). Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long one timer run sends before it returns (default 4.5 minutes, under the host's function timeout).</summary>
    public TimeSpan MaxRunTime { get; set; } = TimeSpan.FromMinutes(4.5);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (!(RequestsPerSecond is >= 1 and <= 2000))
        {
            yield return new ConfigProblem("Notices__RequestsPerSecond", "must be between 1 and 2000");
        }
        if (TemplateDailyQuota is < 0 or > 10_000_000)
        {
            yield return new ConfigProblem("Notices__TemplateDailyQuota", "must be between 0 and 10000000");
        }
        if (CustomDailyQuota is < 0 or > 10_000_000)
        {
            yield return new ConfigProblem("Notices__CustomDailyQuota", "must be between 0 and 10000000");
        }
        if (MassDailyCalls is < 0 or > 1000)
        {
            yield return new ConfigProblem("Notices__MassDailyCalls", "must be between 0 and 1000");
        }
        if (MassMonthlyPerMember is < 1 or > 100)
        {
            yield return new ConfigProblem("Notices__MassMonthlyPerMember", "must be between 1 and 100");
        }
        if (MassBatchSize is < 2 or > 10_000)
        {
            yield return new ConfigProblem("Notices__MassBatchSize", "must be between 2 and 10000 (WeChat's limit per call)");
        }
        if (Buckets is < 1 or > 64)
        {
            yield return new ConfigProblem("Notices__Buckets", "must be between 1 and 64");
        }
        if (ClaimBatchSize is < 1 or > 99)
        {
            yield return new ConfigProblem("Notices__ClaimBatchSize", "must be between 1 and 99 (a transaction holds 100 rows, one is the counter)");
        }
        if (SendConcurrency is < 1 or > 64)
        {
            yield return new ConfigProblem("Notices__SendConcurrency", "must be between 1 and 64");
        }
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromMinutes(5))
        {
            yield return new ConfigProblem("Notices__LeaseDuration", "must be between 00:00:01 and 00:05:00 (under WeChat's 10-minute template de-duplication)");
        }
        if (MaxAttempts is < 1 or > 20)
        {
            yield return new ConfigProblem("Notices__MaxAttempts", "must be between 1 and 20");
        }
        if (MaxRunTime < TimeSpan.FromSeconds(5) || MaxRunTime > TimeSpan.FromHours(1))
        {
            yield return new ConfigProblem("Notices__MaxRunTime", "must be between 00:00:05 and 01:00:00");
        }
    }
}
