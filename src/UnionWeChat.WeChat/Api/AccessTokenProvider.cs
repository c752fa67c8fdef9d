using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UnionWeChat.WeChat.Api;

/// <summary>
/// Hands out the account's access token, shared by every instance through <see cref="IAccessTokenStore"/>.
/// Tokens come from <c>POST /cgi-bin/stable_token</c>, never <c>/cgi-bin/token</c>, whose every call invalidates the
/// token other instances hold (https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken).
/// At most one fetch runs per process (a shared task) and across instances (the store's lease); an instance that
/// loses the lease waits for the winner's token to appear in the store instead of fetching its own.
/// </summary>
public sealed partial class AccessTokenProvider
{
    /// <summary>Name of the <see cref="HttpClient"/> registered for token fetches.</summary>
    public const string HttpClientName = "UnionWeChat.AccessToken";

    private const string StableTokenPath = "/cgi-bin/stable_token";
    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(1);

    private readonly IAccessTokenStore _store;
    private readonly IForceRefreshLedger _ledger;
    private readonly WeChatApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AccessTokenProvider> _logger;
    private readonly WeChatTransport _transport;
    private readonly string _owner = "instance-" + Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private CachedToken? _current;
    private Task<CachedToken>? _inflight;

    /// <summary>Creates the provider; one per process (register it as a singleton).</summary>
    public AccessTokenProvider(
        HttpClient httpClient,
        IAccessTokenStore store,
        IForceRefreshLedger ledger,
        IOptions<WeChatApiOptions> options,
        TimeProvider timeProvider,
        ILogger<AccessTokenProvider> logger)
    {
        _store = store;
        _ledger = ledger;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _transport = new WeChatTransport(httpClient, _options, timeProvider, logger);
    }

    /// <summary>A token valid for at least the refresh margin; fetches (or waits for another instance's fetch) when needed.</summary>
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && current.IsFreshAt(_time.GetUtcNow(), _options.TokenRefreshMargin)
            ? ValueTask.FromResult(current.Value)
            : new ValueTask<string>(ObtainAsync(rejected: null, cancellationToken));
    }

    /// <summary>
    /// Called when WeChat refused <paramref name="rejectedToken"/> (40001/40014/42001). Returns a different token:
    /// the one another caller already got, a fresh one in normal mode, or, if WeChat keeps handing back the refused
    /// token, one from <c>force_refresh=true</c> within the allowance. Throws <see cref="WeChatErrorKind.TokenRejected"/> otherwise.
    /// </summary>
    public Task<string> RefreshAfterRejectionAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rejectedToken);
        return ObtainAsync(rejectedToken, cancellationToken);
    }

    private async Task<string> ObtainAsync(string? rejected, CancellationToken cancellationToken)
    {
        // Two rounds: a caller with a rejected token may first join a refresh that started for another reason
        // and happens to return the very token it saw rejected.
        for (var round = 0; ; round++)
        {
            Task<CachedToken> refresh;
            lock (_gate)
            {
                var current = _current;
                if (current is not null && current.Value != rejected && current.IsFreshAt(_time.GetUtcNow(), _options.TokenRefreshMargin))
                {
                    return current.Value;
                }

                if (rejected is not null && current?.Value == rejected)
                {
                    _current = null;
                }

                // The shared task runs without any one caller's token: a caller that gives up must not cancel the others.
                refresh = _inflight ??= RunRefreshAsync(rejected);
            }

            var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (token.Value != rejected || round == 1)
            {
                return token.Value;
            }
        }
    }

    private async Task<CachedToken> RunRefreshAsync(string? rejected)
    {
        await Task.Yield();
        try
        {
            var token = await RefreshAcrossInstancesAsync(rejected, CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token;
        }
        catch (WeChatApiException failure)
        {
            // The fetch had its own retries; a call waiting for the token must not multiply them.
            failure.RetriesSpent = true;
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _inflight = null;
            }
        }
    }

    private async Task<CachedToken> RefreshAcrossInstancesAsync(string? rejected, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + _options.TokenWaitTimeout;
        var delay = FirstPollDelay;
        while (true)
        {
            var stored = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
            if (IsUsable(stored, rejected))
            {
                return stored!;
            }

            if (await _store.TryAcquireRefreshLeaseAsync(_owner, _options.TokenLeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    // The previous holder may have saved a token between our read and our lease.
                    stored = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
                    if (IsUsable(stored, rejected))
                    {
                        return stored!;
                    }

                    // Should the lease lapse during a slow fetch, another instance may fetch too: harmless in normal
                    // mode (WeChat returns the same token), only wasteful.
                    var fetched = await FetchAsync(force: false, cancellationToken).ConfigureAwait(false);
                    if (rejected is not null && fetched.Value == rejected)
                    {
                        fetched = await ForceRefreshAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await _store.SaveAsync(fetched, cancellationToken).ConfigureAwait(false);
                    return fetched;
                }
                finally
                {
                    await _store.ReleaseRefreshLeaseAsync(_owner, CancellationToken.None).ConfigureAwait(false);
                }
            }

            if (_time.GetUtcNow() >= deadline)
            {
                // Nothing reached WeChat, so this is "try later", not a Timeout (which means a call may have taken effect).
                throw new WeChatApiException(
                    -1, $"another instance holds the token refresh lease and no token appeared in the shared store within {_options.TokenWaitTimeout}",
                    WeChatErrorKind.Retryable, StableTokenPath);
            }

            LogWaitingForLease(_logger, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = delay * 2 < MaxPollDelay ? delay * 2 : MaxPollDelay;
        }
    }

    private bool IsUsable(CachedToken? token, string? rejected) =>
        token is not null && token.Value != rejected && token.IsFreshAt(_time.GetUtcNow(), _options.TokenRefreshMargin);

    private async Task<CachedToken> ForceRefreshAsync(CancellationToken cancellationToken)
    {
        if (!await _ledger.TryRecordForceRefreshAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            LogForceRefreshDenied(_logger);
            throw new WeChatApiException(
                WeChatErrorCodes.InvalidCredential,
                "WeChat keeps rejecting the access token it hands out, and the force_refresh allowance (20 a day, 30 s apart) is used up for now",
                WeChatErrorKind.TokenRejected,
                StableTokenPath);
        }

        LogForceRefresh(_logger);
        return await FetchAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CachedToken> FetchAsync(bool force, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["grant_type"] = "client_credential",
            ["appid"] = _options.AppId,
            ["secret"] = _options.AppSecret,
            ["force_refresh"] = force,
        };
        var uri = _transport.BuildUri(StableTokenPath, []);

        // A force refresh spends the daily allowance, so it is never repeated automatically.
        var safety = force ? CallSafety.NotIdempotent : CallSafety.Idempotent;
        var answer = await _transport.RunAsync(
            StableTokenPath,
            safety,
            async ct =>
            {
                var root = await _transport.SendJsonAsync(HttpMethod.Post, uri, StableTokenPath, body, safety, ct).ConfigureAwait(false);
                WeChatTransport.ThrowIfError(root, StableTokenPath);
                return root;
            },
            cancellationToken).ConfigureAwait(false);

        if (!answer.TryGetProperty("access_token", out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString())
            || !answer.TryGetProperty("expires_in", out var expiresIn) || !expiresIn.TryGetInt32(out var seconds) || seconds <= 0)
        {
            throw new WeChatApiException(-1, "stable_token answer lacks access_token or expires_in", WeChatErrorKind.Permanent, StableTokenPath);
        }

        var now = _time.GetUtcNow();
        LogFetched(_logger, force, seconds);
        return new CachedToken(value.GetString()!, now.AddSeconds(seconds), now);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Fetched a WeChat access token (force_refresh={Force}); expires in {Seconds} s")]
    private static partial void LogFetched(ILogger logger, bool force, int seconds);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Another instance holds the token refresh lease; checking the store again in {Delay}")]
    private static partial void LogWaitingForLease(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "WeChat handed back the access token it had just rejected; using force_refresh")]
    private static partial void LogForceRefresh(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "WeChat keeps rejecting its own access token and the force_refresh allowance is used up")]
    private static partial void LogForceRefreshDenied(ILogger logger);
}
