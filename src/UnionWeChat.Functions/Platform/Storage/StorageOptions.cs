using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Storage;

/// <summary>Where the app's tables and evidence files live. Section <c>Storage</c>.</summary>
public sealed class StorageOptions : IValidatedOptions
{
    /// <summary>Account-key connection string for tables and blobs; default Azurite on its default ports.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>With managed identity: the table endpoint (https://acct.table.core.windows.net); wins over ConnectionString.</summary>
    public string? TableEndpoint { get; set; }

    /// <summary>With managed identity: the blob endpoint (https://acct.blob.core.windows.net); required with TableEndpoint.</summary>
    public string? BlobEndpoint { get; set; }

    /// <summary>Prefix for every table name (letters and digits), so several deployments or test runs can share an account.</summary>
    public string TablePrefix { get; set; } = "";

    public bool UsesManagedIdentity => !string.IsNullOrWhiteSpace(TableEndpoint);

    /// <summary>The blob container of evidence files (photos, voice), one folder per case; follows the table prefix.</summary>
    public string EvidenceContainer => TablePrefix.ToLowerInvariant() + "evidence";

    public IEnumerable<ConfigProblem> Validate()
    {
        if (UsesManagedIdentity)
        {
            if (!IsHttpUrl(TableEndpoint))
            {
                yield return new ConfigProblem("Storage__TableEndpoint", "must be an absolute http(s) URL");
            }
            if (string.IsNullOrWhiteSpace(BlobEndpoint))
            {
                yield return new ConfigProblem("Storage__BlobEndpoint", "is required with Storage__TableEndpoint (evidence files are blobs)");
            }
            else if (!IsHttpUrl(BlobEndpoint))
            {
                yield return new ConfigProblem("Storage__BlobEndpoint", "must be an absolute http(s) URL");
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

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http");
}
