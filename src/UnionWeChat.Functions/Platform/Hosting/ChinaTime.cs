using System.Globalization;

namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving): what workers and staff read, the days case numbers and SLA
/// working days count in, and the days and months WeChat resets its quotas in. The one place the offset is written.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);

    public static DateOnly Date(DateTimeOffset at) => DateOnly.FromDateTime(Of(at).DateTime);

    /// <summary>The instant a China date and time of day name.</summary>
    public static DateTimeOffset At(DateOnly day, TimeSpan timeOfDay) => new(day.ToDateTime(TimeOnly.MinValue) + timeOfDay, Offset);

    /// <summary>The next midnight in China: when WeChat's daily quotas come back.</summary>
    public static DateTimeOffset NextMidnight(DateTimeOffset at) => new(Of(at).Date.AddDays(1), Offset);

    /// <summary><c>2026-12-02 10:30</c>, as pages, exports and messages show a time.</summary>
    public static string Minute(DateTimeOffset at) => Format(at, "yyyy-MM-dd HH:mm");

    /// <summary><c>20261202</c>: a day as keys and file names write it.</summary>
    public static string Day(DateTimeOffset at) => Format(at, "yyyyMMdd");

    /// <summary><c>202612</c>: the month a member's mass-send allowance belongs to.</summary>
    public static string Month(DateTimeOffset at) => Format(at, "yyyyMM");

    public static string Format(DateTimeOffset at, string format) => Of(at).ToString(format, CultureInfo.InvariantCulture);
}
