namespace UnionWeChat.Functions.Cases;

/// <summary>The leaders' figures for a range of China dates (Monday-based weeks). Merged duplicates are left out.</summary>
public sealed record StatsReport(
    DateOnly From,
    DateOnly To,
    int Cases,
    IReadOnlyList<WeekCounts> Weeks,
    IReadOnlyList<string> Categories,
    double? MedianHoursToFirstResponse,
    double? MedianHoursToResolution,
    OnTimeRate FirstResponseOnTime,
    OnTimeRate ResolutionOnTime,
    Satisfaction Satisfaction);

/// <summary>Cases created in one week, by kind and by category.</summary>
public sealed record WeekCounts(DateOnly WeekStart, int Total, IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<string, int> ByCategory);

/// <summary>
/// 按时率: of the cases whose deadline has passed or that met it, how many met it. <see cref="Rate"/> is null
/// when no case counts yet.
/// </summary>
public sealed record OnTimeRate(int OnTime, int Counted, double? Rate);

/// <summary>满意度 from the workers' 1–5 ratings: the average, and the share rating 4 or 5.</summary>
public sealed record Satisfaction(int Rated, double? Average, double? SatisfiedRate);
