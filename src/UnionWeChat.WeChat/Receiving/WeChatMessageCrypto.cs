using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace UnionWeChat.WeChat.Receiving;

/// <summary>
/// WeChat's message encryption (the WXBizMsgCrypt layout): AES-256-CBC with key = Base64(EncodingAESKey + "="),
/// IV = the key's first 16 bytes, plaintext = 16 random bytes + 4-byte big-endian XML length + XML + appid,
/// PKCS#7-padded to a multiple of 32 bytes. Thread-safe.
/// See https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.html
/// </summary>
public sealed class WeChatMessageCrypto
{
    /// <summary>Length of an EncodingAESKey as WeChat issues it.</summary>
    public const int EncodingAesKeyLength = 43;

    // WeChat pads to 32-byte blocks, so pad values 17..32 occur: .NET's PaddingMode.PKCS7 (1..16) cannot be used.
    private const int PadBlock = 32;
    private const int PrefixLength = 16;
    private const int HeaderLength = PrefixLength + 4;

    // An encrypted body is bounded by the push size limit long before this; it only caps allocations.
    private const int MaxCipherBase64Chars = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    /// <param name="encodingAesKey">The 43-character EncodingAESKey from the account's server settings.</param>
    /// <param name="appId">The account's appid, written into and required inside every payload.</param>
    /// <exception cref="ArgumentException">The key is not 43 base64 characters decoding to 32 bytes, or appid is empty.</exception>
    public WeChatMessageCrypto(string encodingAesKey, string appId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        if (encodingAesKey is null || encodingAesKey.Length != EncodingAesKeyLength)
        {
            throw new ArgumentException($"An EncodingAESKey is {EncodingAesKeyLength} characters.", nameof(encodingAesKey));
        }

        var key = new byte[33];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != 32)
        {
            throw new ArgumentException("The EncodingAESKey is not base64 for a 32-byte key.", nameof(encodingAesKey));
        }

        _key = key[..32];
        _iv = _key[..16];
        _appId = Encoding.UTF8.GetBytes(appId);
    }

    /// <summary>Encrypts <paramref name="xml"/> with a fresh random 16-byte prefix; returns base64.</summary>
    public string Encrypt(string xml)
    {
        Span<byte> prefix = stackalloc byte[PrefixLength];
        RandomNumberGenerator.Fill(prefix);
        return Encrypt(xml, prefix);
    }

    /// <summary>Encrypts with a fixed prefix, only so the published vectors can be checked.</summary>
    internal string Encrypt(string xml, ReadOnlySpan<byte> randomPrefix)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (randomPrefix.Length != PrefixLength)
        {
            throw new ArgumentException($"The prefix is {PrefixLength} bytes.", nameof(randomPrefix));
        }

        var xmlBytes = Encoding.UTF8.GetBytes(xml);
        var contentLength = HeaderLength + xmlBytes.Length + _appId.Length;
        var pad = PadBlock - (contentLength % PadBlock); // 1..32: a full block when already aligned
        var plain = new byte[contentLength + pad];
        randomPrefix.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(PrefixLength, 4), xmlBytes.Length);
        xmlBytes.CopyTo(plain, HeaderLength);
        _appId.CopyTo(plain, HeaderLength + xmlBytes.Length);
        plain.AsSpan(contentLength).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    /// <summary>
    /// Decrypts a base64 payload and returns the XML inside, after checking the padding, the length field and
    /// that the appid inside is this account's.
    /// </summary>
    /// <exception cref="WeChatProtocolException"><see cref="WeChatProtocolError.Decryption"/> or <see cref="WeChatProtocolError.BadAppId"/>.</exception>
    public string Decrypt(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            throw Fail("The encrypted payload is empty.");
        }

        if (base64.Length > MaxCipherBase64Chars)
        {
            throw Fail("The encrypted payload is too long.");
        }

        var cipher = new byte[(base64.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(base64, cipher, out var cipherLength))
        {
            throw Fail("The encrypted payload is not base64.");
        }

        if (cipherLength == 0 || cipherLength % 16 != 0)
        {
            throw Fail("The encrypted payload is not a whole number of AES blocks.");
        }

        byte[] plain;
        try
        {
            using var aes = Aes.Create();
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher.AsSpan(0, cipherLength), _iv, PaddingMode.None);
        }
        catch (CryptographicException ex)
        {
            throw Fail("The encrypted payload could not be decrypted.", ex);
        }

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || pad > plain.Length)
        {
            throw Fail("The payload's padding is invalid.");
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (plain.AsSpan(content.Length).ContainsAnyExcept(pad))
        {
            throw Fail("The payload's padding is invalid.");
        }

        if (content.Length < HeaderLength)
        {
            throw Fail("The payload is too short for its header.");
        }

        var xmlLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(PrefixLength, 4));
        if (xmlLength > (uint)(content.Length - HeaderLength))
        {
            throw Fail("The payload's length field runs past its end.");
        }

        var xmlBytes = content.Slice(HeaderLength, (int)xmlLength);
        var appId = content[(HeaderLength + (int)xmlLength)..];
        if (!appId.SequenceEqual(_appId))
        {
            throw new WeChatProtocolException(WeChatProtocolError.BadAppId, "The payload was encrypted for another appid.");
        }

        try
        {
            return StrictUtf8.GetString(xmlBytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw Fail("The decrypted payload is not UTF-8.", ex);
        }
    }

    private static WeChatProtocolException Fail(string message, Exception? inner = null) =>
        new(WeChatProtocolError.Decryption, message, inner);
}
