namespace UnionWeChat.Functions.Notices;

/// <summary>One mass-send call of a notice and, once MASSSENDJOBFINISH arrives, WeChat's figures for it.</summary>
public sealed record MassJob(
    long MsgId,
    int Recipients,
    DateTimeOffset SubmittedAt,
    string? Status,
    int? TotalCount,
    int? FilterCount,
    int? SentCount,
    int? ErrorCount);
