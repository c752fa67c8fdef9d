using Azure.Core;
using UnionWeChat.Tables.Pipeline;

namespace UnionWeChat.Tables;

/// <summary>
/// Options for <see cref="TableServiceClient"/>: the REST API version, the clock, and Azure.Core's pipeline settings
/// (<see cref="ClientOptions.Retry"/>, <see cref="ClientOptions.Transport"/>, diagnostics, extra policies).
/// </summary>
/// <remarks>
/// <para>Defaults: <see cref="ServiceVersion"/> <c>2019-02-02</c> (the first version that accepts Microsoft Entra
/// tokens); up to 3 retries, exponential back-off from 0.5 s with jitter, at most 8 s between attempts (longer if the
/// service sends Retry-After); 30 s network timeout per attempt (the service's own limit for one request).</para>
/// <para>Retried: 408, 429, 500, 502, 503, 504 and network failures. Never retried: other 4xx.
/// Every request is retried, inserts and transactions included: an insert whose first attempt was applied but whose
/// answer was lost comes back as "already exists".</para>
/// </remarks>
public sealed class TableClientOptions : ClientOptions
{
    /// <summary>The default <c>x-ms-version</c>.</summary>
    public const string DefaultServiceVersion = "2019-02-02";

    /// <summary>Creates options with the documented defaults.</summary>
    public TableClientOptions()
    {
        Retry.MaxRetries = 3;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(8);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The Table service REST version sent as <c>x-ms-version</c>. Default <c>2019-02-02</c>.</summary>
    public string ServiceVersion { get; set; } = DefaultServiceVersion;

    /// <summary>The clock used for <c>x-ms-date</c>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Options for calls made while WeChat waits for an answer (5 s): at most 2 retries, 50 ms then ≤200 ms apart,
    /// 1.5 s network timeout per attempt, and no waiting on a Retry-After longer than 200 ms. The worst case,
    /// three attempts that all time out, takes about 4.8 s; pass a CancellationToken with your own deadline as well.
    /// The profile sets <see cref="ClientOptions.RetryPolicy"/>, so later changes to <see cref="ClientOptions.Retry"/>
    /// only affect <see cref="RetryOptions.NetworkTimeout"/>.
    /// </summary>
    public static TableClientOptions CreateHotPath()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(1500);
        options.RetryPolicy = new BoundedRetryPolicy(
            options.Retry.MaxRetries,
            DelayStrategy.CreateExponentialDelayStrategy(options.Retry.Delay, options.Retry.MaxDelay),
            maxServerDelay: options.Retry.MaxDelay);
        return options;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceVersion))
        {
            throw new ArgumentException("TableClientOptions.ServiceVersion must not be empty.");
        }
        ArgumentNullException.ThrowIfNull(TimeProvider, "TableClientOptions.TimeProvider");
    }
}
