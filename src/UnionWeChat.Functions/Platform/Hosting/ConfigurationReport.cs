namespace UnionWeChat.Functions.Platform.Hosting;

/// <summary>Problems found while binding options at start-up; the app refuses to start when there are any.</summary>
public sealed class ConfigurationReport
{
    private readonly List<ConfigProblem> _problems = [];

    public IReadOnlyList<ConfigProblem> Problems => _problems;

    public void Add(IEnumerable<ConfigProblem> problems) => _problems.AddRange(problems);

    /// <summary>One line for an operator: every problem, each naming its key, no stack trace.</summary>
    public string ToOneLine() => "Configuration error: " + string.Join("; ", _problems);
}
