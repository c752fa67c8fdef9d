using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Surveys;

/// <summary>Section <c>Surveys</c>. Every setting has a default; none is required.</summary>
public sealed class SurveysOptions : IValidatedOptions
{
    /// <summary>Response partitions of a new survey (default 16, 1 to 64), as ballots are spread.</summary>
    public int ResponsePartitions { get; set; } = 16;

    /// <summary>How old a survey the answering paths may read (default 2 s): a closed survey stops answers within it.</summary>
    public TimeSpan SurveyCacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the survey page's sign-in lasts (default 2 hours).</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(2);

    public IEnumerable<ConfigProblem> Validate()
    {
        if (ResponsePartitions is < 1 or > 64)
        {
            yield return new ConfigProblem("Surveys__ResponsePartitions", "must be between 1 and 64");
        }
        if (SurveyCacheFor < TimeSpan.Zero || SurveyCacheFor > TimeSpan.FromMinutes(1))
        {
            yield return new ConfigProblem("Surveys__SurveyCacheFor", "must be between 00:00:00 and 00:01:00");
        }
        if (CookieLifetime < TimeSpan.FromMinutes(5) || CookieLifetime > TimeSpan.FromDays(1))
        {
            yield return new ConfigProblem("Surveys__CookieLifetime", "must be between 00:05:00 and 1.00:00:00");
        }
    }
}
