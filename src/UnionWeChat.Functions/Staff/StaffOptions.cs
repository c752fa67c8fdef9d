using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Staff;

/// <summary>Section <c>Staff</c>.</summary>
public sealed class StaffOptions : IValidatedOptions
{
    /// <summary><c>Staff__Keys__&lt;name&gt;=&lt;role&gt;:&lt;secret&gt;</c>: named keys for local, scripted and test sign-in.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Trust the App Service Authentication (Entra ID) principal header. Only behind Easy Auth, which strips a forged one.</summary>
    public bool TrustAppServiceAuthentication { get; set; }

    public const int MinSecretLength = 16;

    public IReadOnlyList<StaffKey> ParsedKeys() =>
        Keys.Select(k => StaffKey.TryParse(k.Key, k.Value)).OfType<StaffKey>().ToList();

    public IEnumerable<ConfigProblem> Validate()
    {
        foreach (var (name, value) in Keys)
        {
            if (StaffKey.TryParse(name, value) is null)
            {
                yield return new ConfigProblem($"Staff__Keys__{name}", $"must be <admin|triage|viewer>:<secret of at least {MinSecretLength} characters>");
            }
        }
    }
}

/// <summary>One named staff key.</summary>
public sealed record StaffKey(string Name, StaffRole Role, string Secret)
{
    public static StaffKey? TryParse(string name, string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !Enum.TryParse<StaffRole>(value[..colon], ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            return null;
        }
        var secret = value[(colon + 1)..];
        return secret.Length >= StaffOptions.MinSecretLength ? new StaffKey(name, role, secret) : null;
    }
}
