using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using UnionWeChat.Tables.Serialization;

namespace UnionWeChat.Tables.Pipeline;

/// <summary>
/// Builds Table service requests against one endpoint, sends them through the pipeline, and turns transport failures
/// into <see cref="TableStorageException"/>. Shared by the service client and its table clients.
/// </summary>
internal sealed class TableRequestSender
{
    public const string JsonMinimalMetadata = "application/json;odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _basePath;

    public TableRequestSender(HttpPipeline pipeline, Uri endpoint)
    {
        _pipeline = pipeline;
        _basePath = endpoint.AbsolutePath.TrimEnd('/');
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + _basePath);
    }

    /// <summary>The endpoint's URL for a resource path such as <c>mytable</c> (used inside transactions).</summary>
    public string AbsoluteUrl(string resourcePath) =>
        _endpoint.GetLeftPart(UriPartial.Authority) + _basePath + "/" + resourcePath;

    /// <summary>A request for <paramref name="resourcePath"/> (already escaped), e.g. <c>Tables</c> or <c>t(PartitionKey='a',RowKey='b')</c>.</summary>
    public HttpMessage CreateMessage(RequestMethod method, string resourcePath)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);

        // AppendPath, not the Path setter: the builder caches its Uri and only AppendPath refreshes it.
        request.Uri.AppendPath("/" + resourcePath, escape: false);
        request.Headers.Add("Accept", JsonMinimalMetadata);
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>Sets a JSON body, asking the service not to echo it back.</summary>
    public static void SetJsonBody(HttpMessage message, byte[] json)
    {
        message.Request.Headers.Add("Content-Type", "application/json");
        message.Request.Headers.Add("Prefer", "return-no-content");
        message.Request.Content = RequestContent.Create(json);
    }

    /// <summary>Sends (with retries); storage that cannot be reached becomes a <see cref="TableStorageException"/> with status 0.</summary>
    public async Task<Response> SendAsync(HttpMessage message, string operation, CancellationToken ct)
    {
        try
        {
            await _pipeline.SendAsync(message, ct).ConfigureAwait(false);
            return message.Response;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (AuthenticationFailedException ex)
        {
            // Azure.Identity could not get a token (no managed identity here, say): an auth failure, not an outage.
            throw new TableStorageException(401, "TokenUnavailable", string.Format(CultureInfo.InvariantCulture,
                "{0} failed: no access token for Table storage ({1}).", operation, FirstLine(ex.Message)), ex);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or IOException
                                       or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            throw new TableStorageException(0, null, string.Format(CultureInfo.InvariantCulture,
                "{0} failed: Table storage at {1} could not be reached ({2}).",
                operation, _endpoint.GetLeftPart(UriPartial.Authority), Describe(ex)), ex);
        }
    }

    /// <summary>An exception for a response the operation did not expect.</summary>
    public static TableStorageException Failure(Response response, string operation) =>
        Failure(response, ServiceError.From(response), operation);

    public static TableStorageException Failure(Response response, ServiceError error, string operation)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "{0} failed: HTTP {1} {2}", operation, response.Status,
            error.Code ?? response.ReasonPhrase);
        if (!string.IsNullOrEmpty(error.Message))
        {
            text += " – " + error.Message;
        }
        return new TableStorageException(response.Status, error.Code, text);
    }

    /// <summary>Reads a success response's body; a body that is not what the service sends becomes a <see cref="TableStorageException"/>.</summary>
    public static T Read<T>(Response response, string operation, Func<Stream, T> read)
    {
        try
        {
            return read(response.ContentStream ?? Stream.Null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new TableStorageException(response.Status, null,
                $"{operation} failed: the response from Table storage could not be read ({ex.GetType().Name}).", ex);
        }
    }

    public static string? ETagOf(Response response) =>
        response.Headers.TryGetValue("ETag", out var etag) ? etag : null;

    private static string Describe(Exception ex)
    {
        var last = ex is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? aggregate.InnerExceptions[^1]
            : ex;
        return last is OperationCanceledException ? "the network timeout elapsed" : FirstLine(last.GetBaseException().Message);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
