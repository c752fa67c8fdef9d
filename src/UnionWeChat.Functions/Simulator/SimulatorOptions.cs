using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Simulator;

/// <summary>Section <c>Simulator</c> (Development only).</summary>
public sealed class SimulatorOptions : IValidatedOptions
{
    /// <summary>
    /// Where the simulator sends pushes, e.g. <c>http://localhost:7071/</c>. Default: the address the app itself
    /// listens on, so pushes travel over real HTTP to <c>/api/wechat</c> as WeChat's would.
    /// </summary>
    public string? AppBaseUrl { get; set; }

    /// <summary>The account's original id (gh_…) written as ToUserName; any value works locally (default gh_simulator01).</summary>
    public string AccountId { get; set; } = "gh_simulator01";

    /// <summary>Largest photo a simulated worker may send (default 5 MiB; WeChat's images are at most 10 MB).</summary>
    public int MaxPhotoBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Entries kept per member in the simulator's chat view (default 500; older ones drop off).</summary>
    public int MaxEntriesPerMember { get; set; } = 500;

    public IEnumerable<ConfigProblem> Validate()
    {
        if (AppBaseUrl is not null
            && (!Uri.TryCreate(AppBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https")))
        {
            yield return new ConfigProblem("Simulator__AppBaseUrl", "must be an absolute http(s) URL");
        }
        if (string.IsNullOrWhiteSpace(AccountId) || AccountId.Length > 64)
        {
            yield return new ConfigProblem("Simulator__AccountId", "must be 1 to 64 characters");
        }
        if (MaxPhotoBytes is < 1024 or > 10 * 1024 * 1024)
        {
            yield return new ConfigProblem("Simulator__MaxPhotoBytes", "must be between 1024 and 10485760");
        }
        if (MaxEntriesPerMember is < 10 or > 10_000)
        {
            yield return new ConfigProblem("Simulator__MaxEntriesPerMember", "must be between 10 and 10000");
        }
    }
}
