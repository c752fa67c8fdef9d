namespace UnionWeChat.Functions.Polls;

/// <summary>Exact counts per option (index 0 = option 1), voters, and turnout against the audience size at opening.</summary>
public sealed record PollTally(string PollId, IReadOnlyList<long> Counts, long Voters, int? AudienceSize, DateTimeOffset CountedAt)
{
    /// <summary>Voters / audience, 0 to 1; null before the poll opened (no audience size yet).</summary>
    public double? Turnout => AudienceSize is > 0 ? Math.Min(1.0, (double)Voters / AudienceSize.Value) : null;
}
