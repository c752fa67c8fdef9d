namespace UnionWeChat.Functions.Notices;

/// <summary>
/// The audience counted before a notice goes out, so staff see its reach and the warnings before approving it.
/// </summary>
/// <param name="Recipients">Openids the audience resolves to.</param>
/// <param name="OptedOut">Of those, members who replied 退订 (skipped unless the notice is essential).</param>
/// <param name="OverMassBudget">Of those, members who already had their 4 mass messages this month (mass notices).</param>
/// <param name="OutsideServiceWindow">Of those, members a custom message cannot reach now (custom notices).</param>
public sealed record NoticePreflight(int Recipients, int OptedOut, int OverMassBudget, int OutsideServiceWindow, DateTimeOffset CountedAt);
