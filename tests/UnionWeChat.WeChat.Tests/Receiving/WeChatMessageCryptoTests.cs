using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

public sealed class WeChatMessageCryptoTests
{
    [Fact]
    public void Vector_C_decrypts_to_the_pushed_text_message()
    {
        var xml = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.CAppId).Decrypt(Vectors.CEncrypt);

        var message = Assert.IsType<TextMessage>(IncomingMessageParser.Parse(xml));
        Assert.Equal("oyORnuP8q7ou2gfYjqLzSIWZf0rs", message.FromUserName);
        Assert.Equal("gh_10f6c3c3ac5a", message.ToUserName);
        Assert.Equal(1409735668, message.CreateTimeUnix);
        Assert.Equal("abcdteT", message.Content);
        Assert.Equal("6054768590064713728", message.MsgId);
        Assert.Contains('\n', xml);
        var raw = RawDecrypt(Vectors.KeyAbc, Vectors.CEncrypt);
        Assert.Equal("89465c840c5f116f", Encoding.ASCII.GetString(raw, 0, 16));
        Assert.Equal(2, raw[^1]);
    }

    [Fact]
    public void Vector_D_decrypts_to_a_text_message()
    {
        var xml = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.CAppId).Decrypt(Vectors.DEncrypt);

        var message = Assert.IsType<TextMessage>(IncomingMessageParser.Parse(xml));
        Assert.Equal("abcdteT", message.Content);
        Assert.Equal(1410349438, message.CreateTimeUnix);
        Assert.Equal("6057404712141979648", message.MsgId);
    }

    [Fact]
    public void Vector_E_decrypts_to_an_event_with_pad_value_22()
    {
        var xml = new WeChatMessageCrypto(Vectors.KeyAllA, Vectors.EAppId).Decrypt(Vectors.EEncrypt);

        var message = Assert.IsType<UnknownMessage>(IncomingMessageParser.Parse(xml));
        Assert.Equal("event", message.MsgType);
        Assert.Equal("debug_demo", message.Event);
        Assert.Equal("hello world", message.Fields["debug_str"]);
        Assert.Equal("o9AgO5Kd5ggOC-bXrbNODIiE3bGY", message.FromUserName);
        Assert.Equal("gh_97417a04a28d", message.ToUserName);
        Assert.Equal(1715943329, message.CreateTimeUnix);
        Assert.Equal(22, RawDecrypt(Vectors.KeyAllA, Vectors.EEncrypt)[^1]);
    }

    [Fact]
    public void Vector_F_decrypts_with_pad_value_30()
    {
        var xml = new WeChatMessageCrypto(Vectors.KeyCSharp, Vectors.FAppId).Decrypt(Vectors.FEncrypt);

        var message = Assert.IsType<TextMessage>(IncomingMessageParser.Parse(xml));
        Assert.Equal("hello", message.Content);
        Assert.Equal("4561255354251345929", message.MsgId);
        Assert.Equal(30, RawDecrypt(Vectors.KeyCSharp, Vectors.FEncrypt)[^1]);
    }

    [Fact]
    public void Vector_B_short_payload_decrypts()
    {
        Assert.Equal("1616140317555161061", new WeChatMessageCrypto(Vectors.KeyCSharp, Vectors.FAppId).Decrypt(Vectors.BPayload));
    }

    [Fact]
    public void Vector_E_reply_encrypts_with_its_fixed_prefix()
    {
        var crypto = new WeChatMessageCrypto(Vectors.KeyAllA, Vectors.EAppId);

        Assert.Equal(Vectors.EReplyEncrypt, crypto.Encrypt(Vectors.EReplyXml, Encoding.ASCII.GetBytes(Vectors.EReplyPrefix)));
        Assert.Equal(Vectors.EReplyXml, crypto.Decrypt(Vectors.EReplyEncrypt));
    }

    [Theory]
    [InlineData(Vectors.A1Plain, Vectors.A1Encrypt)]
    [InlineData(Vectors.A2Plain, Vectors.A2Encrypt)]
    public void Vector_A_encrypts_with_its_fixed_prefix(string plain, string expected)
    {
        var crypto = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId);

        Assert.Equal(expected, crypto.Encrypt(plain, Encoding.ASCII.GetBytes(Vectors.APrefix)));
        Assert.Equal(plain, crypto.Decrypt(expected));
    }

    [Fact]
    public void Encrypt_uses_a_fresh_random_prefix_each_time_and_round_trips()
    {
        var crypto = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId);
        var first = crypto.Encrypt("<xml>工会</xml>");
        var second = crypto.Encrypt("<xml>工会</xml>");

        Assert.NotEqual(first, second);
        Assert.Equal("<xml>工会</xml>", crypto.Decrypt(first));
        Assert.Equal("<xml>工会</xml>", crypto.Decrypt(second));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(100)]
    public void Every_length_pads_to_whole_32_byte_blocks_and_round_trips(int xmlLength)
    {
        var crypto = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId);
        var xml = new string('x', xmlLength);
        var cipher = crypto.Encrypt(xml);

        Assert.Equal(0, Convert.FromBase64String(cipher).Length % 32);
        Assert.Equal(xml, crypto.Decrypt(cipher));
    }

    [Fact]
    public void A_payload_for_another_appid_is_refused()
    {
        var cipher = new WeChatMessageCrypto(Vectors.KeyAbc, "wxsomeoneelse00000").Encrypt("<xml/>");

        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId).Decrypt(cipher));
        Assert.Equal(WeChatProtocolError.BadAppId, error.Reason);
    }

    [Fact]
    public void A_payload_under_another_key_is_refused_as_undecryptable()
    {
        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAllA, Vectors.CAppId).Decrypt(Vectors.CEncrypt));
        Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")] // 3 bytes: not a whole AES block
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")] // 16 zero bytes: decrypts to garbage padding
    public void Garbage_is_refused_as_undecryptable(string? payload)
    {
        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.CAppId).Decrypt(payload));
        Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
    }

    [Fact]
    public void A_truncated_payload_is_refused_as_undecryptable()
    {
        var crypto = new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.CAppId);
        var bytes = Convert.FromBase64String(Vectors.CEncrypt);

        foreach (var keep in new[] { bytes.Length - 16, bytes.Length - 1, 32, 16 })
        {
            var error = Assert.Throws<WeChatProtocolException>(() => crypto.Decrypt(Convert.ToBase64String(bytes, 0, keep)));
            Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
        }

        Assert.Equal(WeChatProtocolError.Decryption, Assert.Throws<WeChatProtocolException>(() => crypto.Decrypt(Vectors.CEncrypt[..^7])).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void A_pad_value_outside_1_to_32_is_refused(byte pad)
    {
        var plain = Layout("<xml/>", Vectors.AAppId, explicitLength: null);
        plain[^1] = pad;

        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId).Decrypt(RawEncrypt(Vectors.KeyAbc, plain)));
        Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
    }

    [Fact]
    public void Padding_bytes_that_disagree_with_the_pad_value_are_refused()
    {
        var plain = Layout("<xml/>", Vectors.AAppId, explicitLength: null);
        plain[^2] ^= 0x01;

        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId).Decrypt(RawEncrypt(Vectors.KeyAbc, plain)));
        Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
    }

    [Theory]
    [InlineData(7)] // one past the XML and appid together
    [InlineData(1_000_000)]
    [InlineData(-1)] // 0xFFFFFFFF
    public void A_length_field_running_past_the_payload_is_refused(int length)
    {
        var plain = Layout("<xml/>", string.Empty, explicitLength: length);

        var error = Assert.Throws<WeChatProtocolException>(() => new WeChatMessageCrypto(Vectors.KeyAbc, Vectors.AAppId).Decrypt(RawEncrypt(Vectors.KeyAbc, plain)));
        Assert.Equal(WeChatProtocolError.Decryption, error.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")]
    public void A_malformed_EncodingAESKey_is_an_argument_error(string key)
    {
        Assert.Throws<ArgumentException>(() => new WeChatMessageCrypto(key, Vectors.AAppId));
    }

    internal static byte[] RawDecrypt(string encodingAesKey, string base64)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(encodingAesKey + "=");
        return aes.DecryptCbc(Convert.FromBase64String(base64), aes.Key.AsSpan(0, 16), PaddingMode.None);
    }

    internal static string RawEncrypt(string encodingAesKey, byte[] plain)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(encodingAesKey + "=");
        return Convert.ToBase64String(aes.EncryptCbc(plain, aes.Key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>prefix + length + xml + appid, correctly padded to 32 bytes, with an optional lying length field.</summary>
    internal static byte[] Layout(string xml, string appId, int? explicitLength)
    {
        var xmlBytes = Encoding.UTF8.GetBytes(xml);
        var appBytes = Encoding.UTF8.GetBytes(appId);
        var content = 20 + xmlBytes.Length + appBytes.Length;
        var pad = 32 - (content % 32);
        var plain = new byte[content + pad];
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), explicitLength ?? xmlBytes.Length);
        xmlBytes.CopyTo(plain, 20);
        appBytes.CopyTo(plain, 20 + xmlBytes.Length);
        plain.AsSpan(content).Fill((byte)pad);
        return plain;
    }
}
