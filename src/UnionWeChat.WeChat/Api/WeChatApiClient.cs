using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UnionWeChat.WeChat.Api;

/// <summary>
/// Typed client for WeChat's active API. Each call adds <c>access_token</c> from <see cref="AccessTokenProvider"/>;
/// a token WeChat refuses (40001/40014/42001) is refreshed once and the call repeated once.
/// Busy (-1), 45011, HTTP 5xx and network errors are retried with exponential backoff and jitter (Polly).
/// <para>
/// After a timeout a send may already have been delivered. Template and mass sends always carry a de-duplication
/// key (<c>client_msg_id</c>, <c>clientmsgid</c>; generated when the caller gives none), so they are repeated and
/// WeChat drops the duplicate. Custom messages and previews have no such key: a timed-out one is reported as
/// <see cref="WeChatErrorKind.Timeout"/> after a single request, because a second message to a worker is worse
/// than a late one, and the caller (the outbox) decides.
/// </para>
/// </summary>
public sealed partial class WeChatApiClient
{
    private readonly WeChatTransport _transport;
    private readonly AccessTokenProvider _tokens;
    private readonly WeChatApiOptions _options;
    private readonly ILogger<WeChatApiClient> _logger;

    /// <summary>Creates the client over an <see cref="HttpClient"/> (typed-client registration: see <c>AddWeChatApi</c>).</summary>
    public WeChatApiClient(
        HttpClient httpClient,
        AccessTokenProvider tokens,
        IOptions<WeChatApiOptions> options,
        TimeProvider timeProvider,
        ILogger<WeChatApiClient> logger)
    {
        _tokens = tokens;
        _options = options.Value;
        _logger = logger;
        _transport = new WeChatTransport(httpClient, _options, timeProvider, logger);
    }

    private Task<JsonElement> PostAsync(string path, JsonNode body, CallSafety safety, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, path, [], body, safety, accept: 0, cancellationToken);

    private Task<JsonElement> PostAsync(string path, JsonNode body, CallSafety safety, int accept, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, path, [], body, safety, accept, cancellationToken);

    private Task<JsonElement> GetAsync(string path, KeyValuePair<string, string?>[] query, int accept, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Get, path, query, body: null, CallSafety.Idempotent, accept, cancellationToken);

    private Task<JsonElement> CallAsync(
        HttpMethod method, string path, KeyValuePair<string, string?>[] query, JsonNode? body, CallSafety safety, int accept, CancellationToken cancellationToken)
    {
        return _transport.RunAsync(path, safety, Attempt, cancellationToken);

        async Task<JsonElement> Attempt(CancellationToken ct)
        {
            var token = await _tokens.GetTokenAsync(ct).ConfigureAwait(false);
            var answer = await _transport.SendJsonAsync(method, UriWith(token), path, body, safety, ct).ConfigureAwait(false);
            var code = WeChatTransport.ErrCodeOf(answer);
            if (WeChatErrorCodes.IsTokenRejection(code))
            {
                LogTokenRejected(_logger, path, code);
                token = await _tokens.RefreshAfterRejectionAsync(token, ct).ConfigureAwait(false);
                answer = await _transport.SendJsonAsync(method, UriWith(token), path, body, safety, ct).ConfigureAwait(false);
            }

            WeChatTransport.ThrowIfError(answer, path, accept);
            return answer;
        }

        Uri UriWith(string token) => _transport.BuildUri(path, query.Prepend(new("access_token", token)));
    }

    private static string RequireOpenId(string openId, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(openId, paramName);
        return openId;
    }

    private static long Int64Of(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "WeChat {Path} refused the access token (errcode {ErrCode}); refreshing and repeating once")]
    private static partial void LogTokenRejected(ILogger logger, string path, int errCode);
}
