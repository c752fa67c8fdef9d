using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace UnionWeChat.Functions.Platform.Storage.Tables;

/// <summary>
/// Azure.Core's retry policy, except that it gives up rather than wait when the service asks (Retry-After) for a
/// longer pause than <c>maxServerDelay</c>: on a hot path a fast failure beats a late answer.
/// </summary>
internal sealed class BoundedRetryPolicy(int maxRetries, DelayStrategy delayStrategy, TimeSpan maxServerDelay)
    : RetryPolicy(maxRetries, delayStrategy)
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) && WithinBound(message);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) && WithinBound(message);

    private bool WithinBound(HttpMessage message) =>
        !message.HasResponse || ServerDelay(message.Response) is not { } wait || wait <= maxServerDelay;

    /// <summary>The pause the service asks for: retry-after-ms, x-ms-retry-after-ms, or Retry-After (seconds or a date).</summary>
    private static TimeSpan? ServerDelay(Response response)
    {
        foreach (var header in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(header, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
            {
                return TimeSpan.FromMilliseconds(millis);
            }
        }
        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // An HTTP date: treated as too long, which saves reading a clock for a header the Table service does not send.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? TimeSpan.MaxValue
            : null;
    }
}
