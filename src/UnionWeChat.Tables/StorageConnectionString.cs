namespace UnionWeChat.Tables;

/// <summary>
/// The parts of an Azure Storage connection string the Table client needs
/// (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string).
/// Errors name the setting at fault and never repeat a value.
/// </summary>
internal sealed record StorageConnectionString(string AccountName, byte[] AccountKey, Uri TableEndpoint)
{
    /// <summary>Azurite's well-known development account (public, the same on every machine).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    private static readonly HashSet<string> KnownSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "TableEndpoint", "EndpointSuffix",
        "UseDevelopmentStorage", "BlobEndpoint", "QueueEndpoint", "FileEndpoint",
    };

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{AccountName} at {TableEndpoint}";

    public static StorageConnectionString Parse(string connectionString)
    {
        const string param = "connectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The storage connection string is empty.", param);
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var eq = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException(
                    $"The storage connection string is malformed: part {i + 1} is not of the form Name=Value.", param);
            }
            var name = segments[i][..eq].Trim();
            if (name.Equals("SharedAccessSignature", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException(
                    "SharedAccessSignature connection strings are not supported; use an account key or a TokenCredential.", param);
            }
            if (!KnownSettings.Contains(name))
            {
                // Not echoed: a stray piece of an account key (which may contain '=') would look like a name.
                throw new ArgumentException(
                    $"The storage connection string is malformed: part {i + 1} is not a known setting "
                    + "(expected AccountName, AccountKey, DefaultEndpointsProtocol, TableEndpoint, EndpointSuffix or UseDevelopmentStorage).",
                    param);
            }
            if (!settings.TryAdd(name, segments[i][(eq + 1)..].Trim()))
            {
                throw new ArgumentException($"The storage connection string sets {name} twice.", param);
            }
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            if (!dev.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("UseDevelopmentStorage may only be 'true'.", param);
            }
            if (settings.Count > 1)
            {
                throw new ArgumentException(
                    "UseDevelopmentStorage=true stands alone; give the full account settings to use another endpoint.", param);
            }
            return new StorageConnectionString(
                DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), DevelopmentTableEndpoint);
        }

        var account = Required(settings, "AccountName");
        if (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException("AccountName must be 3 to 24 lowercase letters and digits.", param);
        }
        var key = ParseKey(Required(settings, "AccountKey"));
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
        if (protocol is not ("https" or "http"))
        {
            throw new ArgumentException("DefaultEndpointsProtocol must be 'https' or 'http'.", param);
        }

        Uri endpoint;
        if (settings.TryGetValue("TableEndpoint", out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var parsed)
                || parsed.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(parsed.Query))
            {
                throw new ArgumentException("TableEndpoint must be an absolute http or https URL without a query.", param);
            }
            endpoint = parsed;
        }
        else
        {
            var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');
            if (suffix.Length == 0 || Uri.CheckHostName($"{account}.table.{suffix}") != UriHostNameType.Dns)
            {
                throw new ArgumentException("EndpointSuffix is not a valid host name suffix.", param);
            }
            endpoint = new Uri($"{protocol}://{account}.table.{suffix}");
        }
        return new StorageConnectionString(account, key, endpoint);

        static string Required(Dictionary<string, string> settings, string name) =>
            settings.TryGetValue(name, out var value) && value.Length > 0
                ? value
                : throw new ArgumentException($"The storage connection string has no {name}.", param);

        static byte[] ParseKey(string value)
        {
            var buffer = new byte[value.Length];
            return Convert.TryFromBase64String(value, buffer, out var written) && written > 0
                ? buffer[..written]
                : throw new ArgumentException("AccountKey is not valid base64.", param);
        }
    }
}
