using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// The receiving end of WeChat's message push: verifies the server URL, verifies, decrypts and parses pushes in
/// plaintext, compatible and safe mode, and seals replies in the mode the push came in. Stateless and thread-safe.
/// See https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.html
/// </summary>
/// <remarks>
/// Every failure on untrusted input is a <see cref="WeChatProtocolException"/>; answer it with a 4xx and do nothing else.
/// </remarks>
public sealed class PushReceiver
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly PushReceiverOptions _options;
    private readonly WeChatMessageCrypto? _crypto;
    private readonly TimeProvider _time;

    /// <param name="options">Validated here; see <see cref="PushReceiverOptions.Validate"/>.</param>
    /// <param name="time">The clock for reply timestamps.</param>
    public PushReceiver(PushReceiverOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _crypto = string.IsNullOrEmpty(options.EncodingAESKey) ? null : new WeChatMessageCrypto(options.EncodingAESKey, options.AppId);
    }

    /// <summary>
    /// Answers the server-URL check (<c>GET ?signature&amp;timestamp&amp;nonce&amp;echostr</c>): returns echostr when
    /// sha1(sort(token, timestamp, nonce)) matches <paramref name="signature"/>. Never returns null: a mismatch throws,
    /// so nothing is ever echoed to an unverified caller.
    /// </summary>
    /// <exception cref="WeChatProtocolException"><see cref="WeChatProtocolError.MissingParameter"/> or <see cref="WeChatProtocolError.BadSignature"/>.</exception>
    public string VerifyUrl(string? signature, string? timestamp, string? nonce, string? echostr)
    {
        VerifySignature(signature, timestamp, nonce);
        return string.IsNullOrEmpty(echostr)
            ? throw new WeChatProtocolException(WeChatProtocolError.MissingParameter, "echostr is missing.")
            : echostr;
    }

    /// <summary>Verifies, decrypts and parses a push whose body is given as bytes (UTF-8).</summary>
    /// <exception cref="WeChatProtocolException">The push is refused; <see cref="WeChatProtocolException.Reason"/> says why.</exception>
    public ReceivedPush Receive(PushQuery query, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(query);
        VerifySignature(query.Signature, query.Timestamp, query.Nonce);
        if (body.Length > _options.MaxBodyBytes)
        {
            throw TooLarge();
        }

        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            throw new WeChatProtocolException(WeChatProtocolError.Malformed, "The body is not UTF-8.", ex);
        }

        return ReceiveVerified(query, text);
    }

    /// <summary>Verifies, decrypts and parses a push whose body is already text.</summary>
    /// <exception cref="WeChatProtocolException">The push is refused; <see cref="WeChatProtocolException.Reason"/> says why.</exception>
    public ReceivedPush Receive(PushQuery query, string? body)
    {
        ArgumentNullException.ThrowIfNull(query);
        VerifySignature(query.Signature, query.Timestamp, query.Nonce);
        body ??= string.Empty;
        // A char is at least one UTF-8 byte, so the cheap check comes first.
        if (body.Length > _options.MaxBodyBytes || Encoding.UTF8.GetByteCount(body) > _options.MaxBodyBytes)
        {
            throw TooLarge();
        }

        return ReceiveVerified(query, body);
    }

    /// <summary>
    /// Reads at most <see cref="PushReceiverOptions.MaxBodyBytes"/> (+1) bytes of <paramref name="body"/>, then
    /// verifies, decrypts and parses the push. An oversized body is refused without being read to the end.
    /// </summary>
    /// <exception cref="WeChatProtocolException">The push is refused; <see cref="WeChatProtocolException.Reason"/> says why.</exception>
    public async Task<ReceivedPush> ReceiveAsync(PushQuery query, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(body);
        VerifySignature(query.Signature, query.Timestamp, query.Nonce);
        var buffer = new byte[_options.MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > _options.MaxBodyBytes ? throw TooLarge() : Receive(query, buffer.AsSpan(0, length));
    }

    /// <summary>
    /// The body to answer a push with. Plaintext mode: <paramref name="replyXml"/> as is. Compatible and safe mode:
    /// <c>&lt;xml&gt;&lt;Encrypt/&gt;&lt;MsgSignature/&gt;&lt;TimeStamp/&gt;&lt;Nonce/&gt;&lt;/xml&gt;</c> with a fresh timestamp and
    /// random nonce. "success" and the empty string are returned unencrypted in every mode: WeChat's passive-reply
    /// page lists them, without a mode condition, as the answers that mean "nothing to say"
    /// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html).
    /// </summary>
    /// <exception cref="InvalidOperationException">An encrypted mode without an EncodingAESKey configured.</exception>
    public string Seal(string replyXml, PushMode mode)
    {
        ArgumentNullException.ThrowIfNull(replyXml);
        if (mode == PushMode.Plaintext || replyXml.Length == 0 || replyXml == ReplyWriter.Success)
        {
            return replyXml;
        }

        var crypto = _crypto ?? throw new InvalidOperationException("An encrypted reply needs WeChat EncodingAESKey.");
        var encrypted = crypto.Encrypt(replyXml);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = WeChatSignature.Compute(_options.Token, timestamp, nonce, encrypted);
        return EncryptedReply.Format(encrypted, signature, timestamp, nonce);
    }

    private ReceivedPush ReceiveVerified(PushQuery query, string body)
    {
        var encryptType = query.EncryptType;
        if (string.IsNullOrEmpty(encryptType) || encryptType == PushQuery.RawEncryptType)
        {
            var message = IncomingMessageParser.Parse(body);
            return new ReceivedPush(PushMode.Plaintext, message, body);
        }

        if (encryptType != PushQuery.AesEncryptType)
        {
            throw new WeChatProtocolException(WeChatProtocolError.Malformed, "encrypt_type is neither raw nor aes.");
        }

        if (_crypto is null)
        {
            throw new WeChatProtocolException(WeChatProtocolError.Decryption, "An encrypted push arrived but no EncodingAESKey is configured.");
        }

        if (string.IsNullOrEmpty(query.MsgSignature))
        {
            throw new WeChatProtocolException(WeChatProtocolError.MissingParameter, "msg_signature is missing.");
        }

        var outer = WeChatXml.Parse(body);
        if (!outer.TryGetValue("Encrypt", out var encrypt) || encrypt.Length == 0)
        {
            throw new WeChatProtocolException(WeChatProtocolError.Malformed, "The Encrypt element is missing.");
        }

        if (!WeChatSignature.Verify(query.MsgSignature, _options.Token, query.Timestamp!, query.Nonce!, encrypt))
        {
            throw new WeChatProtocolException(WeChatProtocolError.BadMessageSignature, "msg_signature does not match.");
        }

        // Only the decrypted content is trusted; compatible mode's plain copy is unsigned.
        var plainXml = _crypto.Decrypt(encrypt);
        var parsed = IncomingMessageParser.Parse(plainXml);

        // The request says only "aes" in both modes; compatible mode is the one that also sends the plain fields.
        var mode = outer.ContainsKey("MsgType") ? PushMode.Compatible : PushMode.Safe;
        return new ReceivedPush(mode, parsed, plainXml);
    }

    private void VerifySignature(string? signature, string? timestamp, string? nonce)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce))
        {
            throw new WeChatProtocolException(WeChatProtocolError.MissingParameter, "signature, timestamp and nonce are required.");
        }

        if (!WeChatSignature.Verify(signature, _options.Token, timestamp, nonce))
        {
            throw new WeChatProtocolException(WeChatProtocolError.BadSignature, "signature does not match.");
        }
    }

    private WeChatProtocolException TooLarge() =>
        new(WeChatProtocolError.TooLarge, $"The body is over {_options.MaxBodyBytes} bytes.");
}
