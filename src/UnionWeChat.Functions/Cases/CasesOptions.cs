using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Cases;

/// <summary>Section <c>Cases</c>.</summary>
public sealed class CasesOptions : IValidatedOptions
{
    /// <summary>What the worker is promised on filing: first response within this many working days (default 1, as 12351 practice).</summary>
    public int FirstResponseWorkingDays { get; set; } = 1;

    /// <summary>Closed cases are kept this long after closing as union records, then purged (default 3 years).</summary>
    public int RetentionDays { get; set; } = 3 * 365;

    public IEnumerable<ConfigProblem> Validate()
    {
        if (FirstResponseWorkingDays is < 1 or > 30)
        {
            yield return new ConfigProblem("Cases__FirstResponseWorkingDays", "must be between 1 and 30");
        }
        if (RetentionDays is < 30 or > 36500)
        {
            yield return new ConfigProblem("Cases__RetentionDays", "must be between 30 and 36500");
        }
    }
}
