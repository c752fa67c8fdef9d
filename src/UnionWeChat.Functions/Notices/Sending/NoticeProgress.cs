namespace UnionWeChat.Functions.Notices;

/// <summary>
/// Where a notice's sending stands: recipients per state (from the bucket counters, never a scan), WeChat's
/// delivery reports, and when it should be done.
/// </summary>
public sealed record NoticeProgress(
    int Total,
    int Pending,
    int Sending,
    int Sent,
    int Failed,
    int Skipped,
    int Unconfirmed,
    int Delivered,
    int DeliveryFailed,
    double? RatePerSecond,
    DateTimeOffset? EstimatedCompletion,
    IReadOnlyList<MassJob> MassJobs);
