using UnionWeChat.Bench.Rig;

namespace UnionWeChat.Bench.Scenarios;

/// <summary>
/// How <c>notice-fanout</c> configures the app, in the scenario and in the sender process it kills: the same table
/// prefix (so both see one outbox), two admin keys (a notice to everyone needs a second admin's approval), and the
/// notice sender's rate just under the fake server's limit.
/// </summary>
internal static class NoticeFanoutSettings
{
    public const string AdminA = "alice-secret-0123456789";
    public const string AdminB = "bob-secret-0123456789";

    /// <summary>The fake WeChat server's template sends per second (WeChat's documented per-account ceiling).</summary>
    public const double AllowedRate = 500;

    /// <summary>What the app is told it may use: 95% of the limit, so bursts stay under it.</summary>
    public const string ConfiguredRate = "475";

    public const int SendConcurrency = 32;

    public static BenchApp Apply(BenchApp app, string prefix) => app
        .WithSetting("Storage:TablePrefix", prefix)
        .WithSetting("Staff:Keys:alice", "admin:" + AdminA)
        .WithSetting("Staff:Keys:bob", "admin:" + AdminB)
        .WithSetting("Notices:RequestsPerSecond", ConfiguredRate)
        .WithSetting("Notices:Buckets", "32")
        .WithSetting("Notices:SendConcurrency", SendConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture))
        // A killed sender's claims lapse after this; short, so the restart does not wait long.
        .WithSetting("Notices:LeaseDuration", "00:00:10")
        // Both runs send to every recipient on the same day, through one quota record: at the 100,000 they
        // would spend twice WeChat's starting template quota (100,000 a day), and the app would rightly hold run 2
        // until tomorrow. The quota stop is tested in NoticeSenderTests; here it would only end the run early.
        .WithSetting("Notices:TemplateDailyQuota", "1000000")
        .WithSetting("Notices:MaxRunTime", "01:00:00")
        // 45011 retries and a new fake server's refusal of an old token are expected here; errors still show.
        .WithSetting("Logging:LogLevel:UnionWeChat.WeChat.Api", "Error")
        // The sender's own summary lines (audience written, sent/failed per run): where a slow run spends its time.
        .WithSetting("Logging:LogLevel:UnionWeChat.Functions.Notices", "Information");
}
