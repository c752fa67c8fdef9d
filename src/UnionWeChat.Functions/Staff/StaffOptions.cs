using UnionWeChat.Functions.Outbound;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Staff;

/// <summary>Section <c>Staff</c>: who may sign in, and how. (The desk reads its own settings from the same section: <c>DeskOptions</c>.)</summary>
public sealed class StaffOptions : IValidatedOptions
{
    /// <summary><c>Staff__Keys__&lt;name&gt;=&lt;role&gt;:&lt;secret&gt;</c>: named keys for local, scripted and test sign-in.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Trust the App Service Authentication (Entra ID) principal header. Only behind Easy Auth, which strips a forged one.</summary>
    public bool TrustAppServiceAuthentication { get; set; }

    /// <summary>How long a console sign-in with a key lasts. Default 8 hours (a working day); 5 minutes to 7 days.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins from one address before it is locked out. Default 5; 1 to 100.</summary>
    public int SignInFailuresBeforeLockout { get; set; } = 5;

    /// <summary>The first lockout; each further one doubles, up to 30 minutes. Default 1 minute; 1 second to 30 minutes.</summary>
    public TimeSpan SignInLockout { get; set; } = TimeSpan.FromMinutes(1);

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
        if (SessionLifetime < TimeSpan.FromMinutes(5) || SessionLifetime > TimeSpan.FromDays(7))
        {
            yield return new ConfigProblem("Staff__SessionLifetime", "must be between 00:05:00 and 7.00:00:00");
        }
        if (SignInFailuresBeforeLockout is < 1 or > 100)
        {
            yield return new ConfigProblem("Staff__SignInFailuresBeforeLockout", "must be between 1 and 100");
        }
        if (SignInLockout < TimeSpan.FromSeconds(1) || SignInLockout > TimeSpan.FromMinutes(30))
        {
            yield return new ConfigProblem("Staff__SignInLockout", "must be between 00:00:01 and 00:30:00");
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
