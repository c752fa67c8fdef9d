using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Storage;

/// <summary>Where the app's tables live. Section <c>Storage</c>.</summary>
public sealed class StorageOptions : IValidatedOptions
{
    /// <summary>Account-key connection string; default Azurite on its default ports.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>With managed identity: the table endpoint (https://acct.table.core.windows.net); wins over ConnectionString.</summary>
    public string? TableEndpoint { get; set; }

    /// <summary>Prefix for every table name (letters and digits), so several deployments or test runs can share an account.</summary>
    public string TablePrefix { get; set; } = "";

    public IEnumerable<ConfigProblem> Validate()
    {
        if (!string.IsNullOrWhiteSpace(TableEndpoint))
        {
            if (!Uri.TryCreate(TableEndpoint, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            {
                yield return new ConfigProblem("Storage__TableEndpoint", "must be an absolute http(s) URL");
            }
        }
        else if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ConfigProblem("Storage__ConnectionString", "is required when Storage__TableEndpoint is not set");
        }
        if (TablePrefix.Length > 20 || !TablePrefix.All(char.IsAsciiLetterOrDigit) || (TablePrefix.Length > 0 && !char.IsAsciiLetter(TablePrefix[0])))
        {
            yield return new ConfigProblem("Storage__TablePrefix", "must be up to 20 ASCII letters and digits, starting with a letter");
        }
    }
}
