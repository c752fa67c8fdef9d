using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace UnionWeChat.WeChat.Api;

/// <summary>
/// HTTP exchanges with WeChat and the Polly retry around them, shared by <see cref="AccessTokenProvider"/> and
/// <see cref="WeChatApiClient"/>. Each exchange has its own timeout (not Polly's), so time spent waiting for a
/// token never counts as a request that may have reached WeChat.
/// </summary>
internal sealed partial class WeChatTransport
{
    private const int MaxJsonBytes = 16 * 1024 * 1024;

    private static readonly ResiliencePropertyKey<CallSafety> SafetyKey = new("UnionWeChat.CallSafety");
    private static readonly ResiliencePropertyKey<string> PathKey = new("UnionWeChat.Path");
    // Set when an attempt that is being retried lost its answer (see LostItsAnswer).
    private static readonly ResiliencePropertyKey<bool> AnswerLostKey = new("UnionWeChat.AnswerLost");

    // WeChat has shown \uXXXX-escaped Chinese literally in menus and messages; send raw UTF-8 instead.
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly WeChatApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    public WeChatTransport(HttpClient http, WeChatApiOptions options, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _pipeline = BuildPipeline();
    }

    public Uri BuildUri(string path, IEnumerable<KeyValuePair<string, string?>> query)
    {
        var builder = new StringBuilder(_options.ApiBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')).Append(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(builder.ToString());
    }

    /// <summary>Runs <paramref name="attempt"/> under the retry policy for <paramref name="safety"/>.</summary>
    public async Task<T> RunAsync<T>(string path, CallSafety safety, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SafetyKey, safety);
        context.Properties.Set(PathKey, path);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, run) => await run(ctx.CancellationToken).ConfigureAwait(false),
                context,
                attempt).ConfigureAwait(false);
        }
        catch (WeChatApiException ex) when (LostItsAnswer(ex) || context.Properties.GetValue(AnswerLostKey, false))
        {
            // The last attempt may have failed plainly (busy, 5xx) after an earlier one went out unanswered.
            ex.MayHaveTakenEffect = true;
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One exchange whose answer must be JSON; the errcode is left for the caller to judge.</summary>
    public async Task<JsonElement> SendJsonAsync(HttpMethod method, Uri uri, string path, JsonNode? body, CallSafety safety, CancellationToken cancellationToken)
    {
        var raw = await ExchangeAsync(method, uri, path, body, safety, _options.RequestTimeout, MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        return ParseJson(raw.Body, path);
    }

    /// <summary>One exchange returning the body as bytes (media downloads).</summary>
    public Task<RawResponse> SendRawAsync(Uri uri, string path, CancellationToken cancellationToken) =>
        ExchangeAsync(HttpMethod.Get, uri, path, body: null, CallSafety.Idempotent, _options.MediaDownloadTimeout, _options.MaxMediaBytes, cancellationToken);

    public static JsonElement ParseJson(byte[] body, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new WeChatApiException(-1, "WeChat answered with something that is not JSON", WeChatErrorKind.Permanent, path, innerException: ex);
        }
    }

    public static int ErrCodeOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : 0;

    public static string ErrMsgOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errmsg", out var msg) && msg.ValueKind == JsonValueKind.String
            ? msg.GetString() ?? ""
            : "";

    /// <summary>Throws for a non-zero errcode unless it is <paramref name="accept"/>.</summary>
    public static void ThrowIfError(JsonElement root, string path, int accept = 0)
    {
        var code = ErrCodeOf(root);
        if (code != 0 && code != accept)
        {
            throw WeChatApiException.FromErrCode(code, ErrMsgOf(root), path);
        }
    }

    private async Task<RawResponse> ExchangeAsync(
        HttpMethod method, Uri uri, string path, JsonNode? body, CallSafety safety, TimeSpan timeout, long maxBytes, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(BodyJson), Encoding.UTF8, "application/json");
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var kind = status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ? WeChatErrorKind.Retryable : WeChatErrorKind.Permanent;
                throw new WeChatApiException(-1, $"HTTP {status} {response.ReasonPhrase}", kind, path, status);
            }

            var bytes = await ReadBoundedAsync(response.Content, maxBytes, path, linked.Token).ConfigureAwait(false);
            return new RawResponse(bytes, response.Content.Headers.ContentType?.MediaType, FileNameOf(response.Content.Headers.ContentDisposition));
        }
        catch (OperationCanceledException ex) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WeChatApiException(-1, $"no answer within {timeout.TotalMilliseconds:0} ms", WeChatErrorKind.Timeout, path, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            // A connection that was never established carried nothing, so any call may be repeated; after that,
            // only calls WeChat recognises as repeats may be (see CallSafety).
            var kind = NeverSent(ex) || safety != CallSafety.NotIdempotent ? WeChatErrorKind.Retryable : WeChatErrorKind.Timeout;
            throw new WeChatApiException(-1, $"network error ({ex.HttpRequestError})", kind, path, innerException: ex);
        }
    }

    // A timeout, or a network error once the connection was up: the request may have reached WeChat.
    private static bool LostItsAnswer(WeChatApiException ex) =>
        ex.Kind == WeChatErrorKind.Timeout
        || (ex.InnerException is HttpRequestException http && !NeverSent(http));

    private static bool NeverSent(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, long maxBytes, string path, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new WeChatApiException(-1, $"answer larger than {maxBytes} bytes", WeChatErrorKind.Permanent, path);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new WeChatApiException(-1, $"answer larger than {maxBytes} bytes", WeChatErrorKind.Permanent, path);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string? FileNameOf(ContentDispositionHeaderValue? disposition) =>
        (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');

    private ResiliencePipeline BuildPipeline()
    {
        if (_options.MaxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context.Properties.GetValue(SafetyKey, CallSafety.NotIdempotent))),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is WeChatApiException failure)
                    {
                        if (LostItsAnswer(failure))
                        {
                            args.Context.Properties.Set(AnswerLostKey, true);
                        }
                        LogRetry(_logger, args.Context.Properties.GetValue(PathKey, "?"), args.AttemptNumber + 1, failure.Kind, failure.ErrCode, args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static bool ShouldRetry(Exception? exception, CallSafety safety) => exception switch
    {
        WeChatApiException { RetriesSpent: true } => false,
        WeChatApiException { Kind: WeChatErrorKind.Retryable } => true,
        WeChatApiException { Kind: WeChatErrorKind.Timeout } => safety != CallSafety.NotIdempotent,
        _ => false,
    };

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "WeChat {Path} attempt {Attempt} failed ({Kind}, errcode {ErrCode}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string path, int attempt, WeChatErrorKind kind, int errCode, TimeSpan delay);
}
