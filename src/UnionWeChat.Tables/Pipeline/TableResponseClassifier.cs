using Azure;
using Azure.Core;

namespace UnionWeChat.Tables.Pipeline;

/// <summary>
/// Which failures the retry policy repeats: 408, 429, 500, 502, 503, 504 and network failures (refused or reset
/// connections, DNS errors, a per-attempt network timeout). Other 4xx are answers, not accidents, and are never
/// retried. Written out here rather than inherited so the list is visible and tested.
/// </summary>
internal sealed class TableResponseClassifier : ResponseClassifier
{
    public static readonly TableResponseClassifier Instance = new();

    public override bool IsRetriableResponse(HttpMessage message) =>
        message.Response.Status is 408 or 429 or 500 or 502 or 503 or 504;

    public override bool IsRetriableException(Exception exception) =>
        exception is IOException or HttpRequestException or TimeoutException
            || exception is RequestFailedException { Status: 0 }
            || base.IsRetriableException(exception);

    public override bool IsRetriable(HttpMessage message, Exception exception) =>
        exception is OperationCanceledException
            ? !message.CancellationToken.IsCancellationRequested // a network timeout, not the caller giving up
            : IsRetriableException(exception);
}
