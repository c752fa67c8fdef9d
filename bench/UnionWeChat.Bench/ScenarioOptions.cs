using System.Globalization;

namespace UnionWeChat.Bench;

/// <summary>The <c>--name value</c> pairs after the scenario name. Scenarios read what they know; anything left over is an error.</summary>
public sealed class ScenarioOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ScenarioOptions(Dictionary<string, string> values) => _values = values;

    public static ScenarioOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }
            values[args[i][2..]] = args[++i];
        }
        return new ScenarioOptions(values);
    }

    public int Int(string name, int defaultValue, int min, int max)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}, not '{raw}'");
    }

    public string Choice(string name, string defaultValue, params string[] allowed)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var raw))
        {
            return defaultValue;
        }
        return allowed.Contains(raw, StringComparer.Ordinal) ? raw : throw new ArgumentException($"--{name} must be one of {string.Join(", ", allowed)}");
    }

    /// <summary>Options given but never asked for (typos): call after the scenario has read its options.</summary>
    public IEnumerable<string> Unread => _values.Keys.Where(k => !_read.Contains(k));
}
