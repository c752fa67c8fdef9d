using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// <c>/api/wechat</c>: WeChat's server verification (GET) and message push (POST). Anonymous: the signature is
/// the authentication, checked before anything is parsed or stored.
/// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
/// </summary>
public static partial class WeChatEndpoints
{
    public static IEndpointRouteBuilder MapWeChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wechat", Verify);
        app.MapPost("/api/wechat", PushAsync);
        return app;
    }

    public static IResult Verify(HttpRequest request, PushReceiver receiver)
    {
        var q = request.Query;
        try
        {
            var echo = receiver.VerifyUrl(q["signature"], q["timestamp"], q["nonce"], q["echostr"]);
            return echo is null ? Results.Unauthorized() : Results.Text(echo, "text/plain");
        }
        catch (WeChatProtocolException)
        {
            return Results.Unauthorized();
        }
    }

    public static async Task<IResult> PushAsync(
        HttpRequest request, PushReceiver receiver, PushHandler handler, WeChatOptions options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(WeChatEndpoints));
        if (request.ContentLength > options.MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var body = await ReadBoundedAsync(request.Body, options.MaxBodyBytes, ct);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var q = request.Query;
        var query = new PushQuery(q["signature"], q["timestamp"], q["nonce"], q["openid"], q["encrypt_type"], q["msg_signature"]);
        ReceivedPush push;
        try
        {
            push = receiver.Receive(query, body);
        }
        catch (WeChatProtocolException ex)
        {
            LogRejected(logger, ex.Reason);
            return StatusFor(ex.Reason);
        }

        if (!IsFresh(query.Timestamp, time, options.MaxClockSkew))
        {
            // A signed push captured and replayed later: the signature is good but the moment has passed.
            LogRejected(logger, WeChatProtocolError.BadSignature);
            return Results.Unauthorized();
        }

        var reply = await handler.HandleAsync(push.Message, ct);
        if (reply == PushHandler.Success)
        {
            return Results.Text(PushHandler.Success, "text/plain");
        }
        return Results.Text(receiver.Seal(reply, push.Mode), "application/xml", System.Text.Encoding.UTF8);
    }

    private static IResult StatusFor(WeChatProtocolError reason) => reason switch
    {
        WeChatProtocolError.BadSignature or WeChatProtocolError.BadMessageSignature or WeChatProtocolError.BadAppId
            => Results.Unauthorized(),
        WeChatProtocolError.TooLarge => Results.StatusCode(StatusCodes.Status413PayloadTooLarge),
        _ => Results.BadRequest(),
    };

    private static bool IsFresh(string? timestamp, TimeProvider time, TimeSpan maxSkew) =>
        long.TryParse(timestamp, out var seconds)
        && Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= maxSkew.TotalSeconds;

    // Reads at most limit bytes; null when the body is longer (a chunked body has no Content-Length to check).
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, WeChatProtocolError reason);
}
