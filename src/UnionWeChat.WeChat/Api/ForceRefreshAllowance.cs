namespace UnionWeChat.WeChat.Api;

/// <summary>
/// WeChat's limit on <c>force_refresh=true</c>: 20 a day, 30 s apart. Counted over a rolling 24 h, which is stricter
/// than any calendar day, so it holds whichever midnight WeChat resets on.
/// </summary>
public static class ForceRefreshAllowance
{
    /// <summary>Force refreshes allowed in any 24 h.</summary>
    public const int PerDay = 20;

    /// <summary>Minimum gap between two force refreshes.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(30);

    /// <summary>Whether one more force refresh at <paramref name="now"/> fits, given the earlier ones.</summary>
    public static bool Allows(IEnumerable<DateTimeOffset> earlier, DateTimeOffset now)
    {
        var recent = Recent(earlier, now);
        return recent.Count < PerDay && recent.All(at => now - at >= MinimumGap);
    }

    /// <summary>The uses that still count at <paramref name="now"/> (the last 24 h): what a store needs to keep.</summary>
    public static IReadOnlyList<DateTimeOffset> Recent(IEnumerable<DateTimeOffset> earlier, DateTimeOffset now) =>
        earlier.Where(at => now - at < TimeSpan.FromDays(1)).OrderBy(at => at).ToList();
}
