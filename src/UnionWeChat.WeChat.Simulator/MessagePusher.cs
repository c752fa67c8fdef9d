using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>
/// Plays WeChat's servers pushing messages to an app: signs the query (signature, timestamp, nonce, openid,
/// encrypt_type, msg_signature), encrypts in compatible and safe mode, posts, and checks the reply the way WeChat
/// would — an encrypted reply whose MsgSignature does not verify, or a plain reply in safe mode, throws.
/// Used by the tests, the development simulator page and the benchmarks.
/// </summary>
public sealed class MessagePusher
{
    private readonly HttpClient _http;
    private readonly Uri _target;
    private readonly string _token;
    private readonly WeChatMessageCrypto? _crypto;
    private readonly TimeProvider _time;

    /// <param name="http">The client that posts to the app.</param>
    /// <param name="target">The app's push URL, e.g. <c>http://localhost:7071/api/wechat</c>.</param>
    /// <param name="token">The server Token shared with the app.</param>
    /// <param name="appId">The account's appid, written into encrypted payloads.</param>
    /// <param name="encodingAesKey">The EncodingAESKey; required for compatible and safe mode.</param>
    /// <param name="time">The clock for push timestamps (the system clock when null).</param>
    public MessagePusher(HttpClient http, Uri target, string token, string appId, string? encodingAesKey = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _http = http;
        _target = target;
        _token = token;
        _crypto = string.IsNullOrEmpty(encodingAesKey) ? null : new WeChatMessageCrypto(encodingAesKey, appId);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Builds the signed query and body for <paramref name="plainXml"/> in <paramref name="mode"/>, without sending.</summary>
    public SignedPush Sign(string plainXml, PushMode mode)
    {
        ArgumentNullException.ThrowIfNull(plainXml);
        var fields = WeChatXml.Parse(plainXml);
        var openId = fields.GetValueOrDefault("FromUserName");
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = WeChatSignature.Compute(_token, timestamp, nonce);
        if (mode == PushMode.Plaintext)
        {
            return new SignedPush(new PushQuery(signature, timestamp, nonce, openId), plainXml, mode);
        }

        var crypto = RequireCrypto();
        var encrypt = crypto.Encrypt(plainXml);
        var msgSignature = WeChatSignature.Compute(_token, timestamp, nonce, encrypt);
        var encryptElement = "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>";
        var body = mode == PushMode.Safe
            ? "<xml><ToUserName><![CDATA[" + fields.GetValueOrDefault("ToUserName") + "]]></ToUserName>" + encryptElement + "</xml>"
            : InsertBeforeRootEnd(plainXml, encryptElement);
        return new SignedPush(new PushQuery(signature, timestamp, nonce, openId, PushQuery.AesEncryptType, msgSignature), body, mode);
    }

    /// <summary>Signs, posts and checks the reply to <paramref name="plainXml"/> in <paramref name="mode"/>.</summary>
    /// <exception cref="WeChatProtocolException">The app's reply would be refused by WeChat.</exception>
    public Task<PushResponse> PushAsync(string plainXml, PushMode mode, CancellationToken ct) =>
        SendAsync(Sign(plainXml, mode), ct);

    /// <summary>Posts a prepared (possibly tampered-with) push and checks the reply.</summary>
    /// <exception cref="WeChatProtocolException">The app's reply would be refused by WeChat.</exception>
    public async Task<PushResponse> SendAsync(SignedPush push, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(push);
        using var content = new StringContent(push.Body, Encoding.UTF8, "text/xml");
        using var response = await _http.PostAsync(push.ToUri(_target), content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var reply = response.IsSuccessStatusCode ? OpenReply(body, push.Mode) : null;
        return new PushResponse(response.StatusCode, body, reply);
    }

    /// <summary>
    /// Checks a reply body as WeChat would and returns its XML: "success" and "" pass in every mode; an encrypted
    /// reply must carry a MsgSignature over (token, TimeStamp, Nonce, Encrypt) and decrypt to this appid;
    /// safe mode accepts nothing else.
    /// </summary>
    /// <exception cref="WeChatProtocolException">The reply does not verify or decrypt.</exception>
    public string OpenReply(string body, PushMode mode)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (mode == PushMode.Plaintext || body.Length == 0 || body == ReplyWriter.Success)
        {
            return body;
        }

        var fields = WeChatXml.Parse(body);
        if (!fields.TryGetValue("Encrypt", out var encrypt))
        {
            // Compatible mode accepts a plain reply; safe mode does not.
            return mode == PushMode.Compatible
                ? body
                : throw new WeChatProtocolException(WeChatProtocolError.Malformed, "Safe mode needs an encrypted reply.");
        }

        var signature = fields.GetValueOrDefault("MsgSignature");
        var timestamp = fields.GetValueOrDefault("TimeStamp") ?? string.Empty;
        var nonce = fields.GetValueOrDefault("Nonce") ?? string.Empty;
        if (!WeChatSignature.Verify(signature, _token, timestamp, nonce, encrypt))
        {
            throw new WeChatProtocolException(WeChatProtocolError.BadMessageSignature, "The reply's MsgSignature does not verify.");
        }

        return RequireCrypto().Decrypt(encrypt);
    }

    private WeChatMessageCrypto RequireCrypto() =>
        _crypto ?? throw new InvalidOperationException("Compatible and safe mode need an EncodingAESKey.");

    private static string InsertBeforeRootEnd(string plainXml, string element)
    {
        var end = plainXml.LastIndexOf("</xml>", StringComparison.Ordinal);
        return end < 0
            ? throw new ArgumentException("The push XML has no </xml> end tag.", nameof(plainXml))
            : plainXml.Insert(end, element);
    }
}
