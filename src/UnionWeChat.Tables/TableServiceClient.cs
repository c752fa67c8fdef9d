using Azure.Core;
using Azure.Core.Pipeline;
using UnionWeChat.Tables.Pipeline;

namespace UnionWeChat.Tables;

/// <summary>
/// The Table service of one storage account: the pipeline (authorisation, retries, timeouts) shared by its
/// <see cref="TableClient"/>s. Thread-safe; create one per application and keep it.
/// </summary>
public sealed class TableServiceClient
{
    /// <summary>The OAuth scope for Azure Storage.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly TableRequestSender _sender;

    /// <summary>Uses Microsoft Entra ID (e.g. a managed identity): a bearer token for <see cref="StorageScope"/>.</summary>
    /// <param name="tableEndpoint">For example <c>https://myaccount.table.core.windows.net</c>; must be https.</param>
    /// <param name="credential">Where tokens come from (Azure.Identity).</param>
    /// <param name="options">Pipeline options; defaults as documented on <see cref="TableClientOptions"/>.</param>
    public TableServiceClient(Uri tableEndpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(CheckEndpoint(tableEndpoint, requireHttps: true),
            new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), StorageScope),
            options)
    {
    }

    private TableServiceClient(Uri tableEndpoint, HttpPipelinePolicy authorization, TableClientOptions? options)
    {
        options ??= new TableClientOptions();
        options.Validate();
        var pipeline = HttpPipelineBuilder.Build(
            options,
            perCallPolicies: [],
            perRetryPolicies: [new TableHeadersPolicy(options.ServiceVersion, options.TimeProvider), authorization],
            TableResponseClassifier.Instance);
        Endpoint = tableEndpoint;
        _sender = new TableRequestSender(pipeline, tableEndpoint);
    }

    /// <summary>The Table service endpoint, e.g. <c>https://myaccount.table.core.windows.net</c> or Azurite's <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Uses an account key. Accepts <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…[;TableEndpoint=…][;EndpointSuffix=…]</c>
    /// (without TableEndpoint: <c>{protocol}://{account}.table.{EndpointSuffix or core.windows.net}</c>) and
    /// <c>UseDevelopmentStorage=true</c> (Azurite's well-known account at <c>http://127.0.0.1:10002/devstoreaccount1</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed; the message names the setting, never the key.</exception>
    public static TableServiceClient FromConnectionString(string connectionString, TableClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        return new TableServiceClient(
            CheckEndpoint(parsed.TableEndpoint, requireHttps: false),
            new TableSharedKeyPolicy(parsed.AccountName, parsed.AccountKey),
            options);
    }

    /// <summary>A client for one table (which need not exist yet).</summary>
    /// <exception cref="ArgumentException">Not 3–63 ASCII letters and digits starting with a letter, or "tables".</exception>
    public TableClient GetTableClient(string tableName)
    {
        EntityLimits.CheckTableName(tableName);
        return new TableClient(_sender, tableName);
    }

    /// <summary>
    /// A cheap authorised request (list one table) that proves storage is reachable and the credentials work.
    /// </summary>
    /// <exception cref="TableStorageException">Storage is unreachable (status 0) or refused the request.</exception>
    public async Task PingAsync(CancellationToken ct)
    {
        using var message = _sender.CreateMessage(RequestMethod.Get, "Tables");
        message.Request.Uri.AppendQuery("$top", "1");
        var response = await _sender.SendAsync(message, "Ping", ct).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw TableRequestSender.Failure(response, "Ping");
        }
    }

    private static Uri CheckEndpoint(Uri endpoint, bool requireHttps)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(endpoint.Query))
        {
            throw new ArgumentException("The table endpoint must be an absolute http or https URL without a query.", nameof(endpoint));
        }
        if (requireHttps && endpoint.Scheme != "https")
        {
            throw new ArgumentException("Bearer tokens are only sent over https; the table endpoint must be https.", nameof(endpoint));
        }
        return endpoint;
    }
}
