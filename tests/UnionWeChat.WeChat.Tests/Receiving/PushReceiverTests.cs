using System.Text;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Receiving;

public sealed class PushReceiverTests
{
    private const string Token = "unionToken";
    private const string AppId = "wx00000000000000aa";
    private const string Key = Vectors.KeyAbc;

    private readonly ManualTimeProvider _time = new();

    private PushReceiver Receiver(string? key = Key, int maxBodyBytes = 64 * 1024, string token = Token, string appId = AppId) =>
        new(new PushReceiverOptions { Token = token, AppId = appId, EncodingAESKey = key, MaxBodyBytes = maxBodyBytes }, _time);

    private static PushQuery PlainQuery(string timestamp = "1700000000", string nonce = "12345") =>
        new(WeChatSignature.Compute(Token, timestamp, nonce), timestamp, nonce, "oUser1");

    private static string TextXml(string content = "我要投诉") => PushXml.Text("oUser1", "gh_acc", content, 1234567890123456, 1700000000);

    private static (PushQuery Query, string Body) Encrypted(string plainXml, string appId = AppId, string? encrypt = null)
    {
        const string timestamp = "1700000000", nonce = "777";
        encrypt ??= new WeChatMessageCrypto(Key, appId).Encrypt(plainXml);
        var body = $"<xml><ToUserName><![CDATA[gh_acc]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var query = new PushQuery(WeChatSignature.Compute(Token, timestamp, nonce), timestamp, nonce, "oUser1", "aes", WeChatSignature.Compute(Token, timestamp, nonce, encrypt));
        return (query, body);
    }

    private static WeChatProtocolError Refusal(Action act) => Assert.Throws<WeChatProtocolException>(act).Reason;

    [Fact]
    public void Url_verification_echoes_echostr_when_the_signature_matches()
    {
        var receiver = Receiver(token: "AAAAA");

        Assert.Equal("echo123", receiver.VerifyUrl("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", "486452656", "echo123"));
    }

    [Fact]
    public void Url_verification_with_a_wrong_or_missing_signature_echoes_nothing()
    {
        var receiver = Receiver(token: "AAAAA");

        Assert.Equal(WeChatProtocolError.BadSignature, Refusal(() => receiver.VerifyUrl("899cf89e464efb63f54ddac96b0a0a235f53aa79", "1714037059", "486452656", "echo123")));
        Assert.Equal(WeChatProtocolError.BadSignature, Refusal(() => receiver.VerifyUrl("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037060", "486452656", "echo123")));
        Assert.Equal(WeChatProtocolError.MissingParameter, Refusal(() => receiver.VerifyUrl(null, "1714037059", "486452656", "echo123")));
        Assert.Equal(WeChatProtocolError.MissingParameter, Refusal(() => receiver.VerifyUrl("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", "486452656", null)));
    }

    [Fact]
    public void Vector_C_is_received_in_safe_mode_with_its_published_signatures()
    {
        var receiver = Receiver(Vectors.KeyAbc, token: Vectors.CToken, appId: Vectors.CAppId);
        var body = $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{Vectors.CEncrypt}]]></Encrypt></xml>";
        var query = new PushQuery("16120ec1b8dbb870f510d87ce6bc2463eae6ca1a", Vectors.CTimestamp, Vectors.CNonce, "oyORnuP8q7ou2gfYjqLzSIWZf0rs", "aes", Vectors.CMsgSignature);

        var push = receiver.Receive(query, Encoding.UTF8.GetBytes(body));

        Assert.Equal(PushMode.Safe, push.Mode);
        Assert.Equal("abcdteT", Assert.IsType<TextMessage>(push.Message).Content);
    }

    [Fact]
    public void Vector_E_is_received_in_safe_mode_with_its_published_signatures()
    {
        var receiver = Receiver(Vectors.KeyAllA, token: Vectors.EToken, appId: Vectors.EAppId);
        var body = $"<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[{Vectors.EEncrypt}]]></Encrypt></xml>";
        var query = new PushQuery("cc0c594499c1634947d5b502f158ee518947db27", Vectors.ETimestamp, Vectors.ENonce, null, "aes", Vectors.EMsgSignature);

        var push = receiver.Receive(query, body);

        Assert.Equal("debug_demo", Assert.IsType<UnknownMessage>(push.Message).Event);
    }

    [Theory]
    [InlineData(Vectors.CToken, Vectors.CAppId, Vectors.KeyAbc, Vectors.DTimestamp, Vectors.DNonce, Vectors.DEncrypt, Vectors.DMsgSignature)]
    [InlineData(Vectors.FToken, Vectors.FAppId, Vectors.KeyCSharp, Vectors.FTimestamp, Vectors.FNonce, Vectors.FEncrypt, Vectors.FMsgSignature)]
    public void Vectors_D_and_F_are_received_in_safe_mode(string token, string appId, string key, string timestamp, string nonce, string encrypt, string msgSignature)
    {
        var receiver = Receiver(key, token: token, appId: appId);
        var body = $"<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
        var query = new PushQuery(WeChatSignature.Compute(token, timestamp, nonce), timestamp, nonce, null, "aes", msgSignature);

        Assert.IsType<TextMessage>(receiver.Receive(query, body).Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("raw")]
    public void A_plaintext_push_is_parsed(string? encryptType)
    {
        var push = Receiver().Receive(PlainQuery() with { EncryptType = encryptType }, TextXml());

        Assert.Equal(PushMode.Plaintext, push.Mode);
        Assert.Equal("我要投诉", Assert.IsType<TextMessage>(push.Message).Content);
        Assert.Equal(TextXml(), push.PlainXml);
    }

    [Fact]
    public void A_compatible_push_is_told_apart_by_its_plain_fields_and_only_the_decrypted_copy_is_trusted()
    {
        var genuine = TextXml("真的");
        var (query, _) = Encrypted(genuine);
        var encrypt = new WeChatMessageCrypto(Key, AppId).Encrypt(genuine);
        query = query with { MsgSignature = WeChatSignature.Compute(Token, query.Timestamp!, query.Nonce!, encrypt) };
        // The plain copy says something else: it is unsigned, so it must be ignored.
        var body = TextXml("伪造").Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", StringComparison.Ordinal);

        var push = Receiver().Receive(query, body);

        Assert.Equal(PushMode.Compatible, push.Mode);
        Assert.Equal("真的", Assert.IsType<TextMessage>(push.Message).Content);
        Assert.Equal(genuine, push.PlainXml);
    }

    [Fact]
    public void A_wrong_signature_is_refused_in_every_mode()
    {
        var (query, body) = Encrypted(TextXml());

        Assert.Equal(WeChatProtocolError.BadSignature, Refusal(() => Receiver().Receive(PlainQuery() with { Signature = new string('0', 40) }, TextXml())));
        Assert.Equal(WeChatProtocolError.BadSignature, Refusal(() => Receiver().Receive(query with { Signature = new string('0', 40) }, body)));
        Assert.Equal(WeChatProtocolError.BadSignature, Refusal(() => Receiver(token: "another").Receive(PlainQuery(), TextXml())));
        Assert.Equal(WeChatProtocolError.MissingParameter, Refusal(() => Receiver().Receive(PlainQuery() with { Nonce = null }, TextXml())));
    }

    [Fact]
    public void A_wrong_or_missing_msg_signature_is_refused()
    {
        var (query, body) = Encrypted(TextXml());
        var (_, otherBody) = Encrypted(TextXml("另一条"));

        Assert.Equal(WeChatProtocolError.BadMessageSignature, Refusal(() => Receiver().Receive(query with { MsgSignature = new string('a', 40) }, body)));
        Assert.Equal(WeChatProtocolError.BadMessageSignature, Refusal(() => Receiver().Receive(query, otherBody)));
        Assert.Equal(WeChatProtocolError.MissingParameter, Refusal(() => Receiver().Receive(query with { MsgSignature = null }, body)));
    }

    [Fact]
    public void A_payload_for_another_appid_is_refused_even_when_signed()
    {
        var (query, body) = Encrypted(TextXml(), appId: "wx_someone_else");

        Assert.Equal(WeChatProtocolError.BadAppId, Refusal(() => Receiver().Receive(query, body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Garbage_ciphertext_is_refused_even_when_signed(string encrypt)
    {
        var (query, body) = Encrypted(TextXml(), encrypt: encrypt);

        var reason = Refusal(() => Receiver().Receive(query, body));

        Assert.Equal(encrypt.Length == 0 ? WeChatProtocolError.Malformed : WeChatProtocolError.Decryption, reason);
    }

    [Fact]
    public void Truncated_ciphertext_is_refused_even_when_signed()
    {
        var full = new WeChatMessageCrypto(Key, AppId).Encrypt(TextXml());
        var (query, body) = Encrypted(TextXml(), encrypt: full[..^10]);

        Assert.Equal(WeChatProtocolError.Decryption, Refusal(() => Receiver().Receive(query, body)));
    }

    [Fact]
    public void Bad_padding_is_refused_even_when_signed()
    {
        var plain = WeChatMessageCryptoTests.Layout(TextXml(), AppId, explicitLength: null);
        plain[^1] = 40;
        var (query, body) = Encrypted(TextXml(), encrypt: WeChatMessageCryptoTests.RawEncrypt(Key, plain));

        Assert.Equal(WeChatProtocolError.Decryption, Refusal(() => Receiver().Receive(query, body)));
    }

    [Fact]
    public void An_encrypted_push_without_a_configured_key_is_refused()
    {
        var (query, body) = Encrypted(TextXml());

        Assert.Equal(WeChatProtocolError.Decryption, Refusal(() => Receiver(key: null).Receive(query, body)));
    }

    [Fact]
    public void Xxe_and_billion_laughs_are_refused_in_plaintext_and_inside_the_ciphertext()
    {
        var xxe = HostileXml.Xxe("/etc/passwd");
        Assert.Equal(WeChatProtocolError.DtdProhibited, Refusal(() => Receiver().Receive(PlainQuery(), xxe)));
        Assert.Equal(WeChatProtocolError.DtdProhibited, Refusal(() => Receiver().Receive(PlainQuery(), HostileXml.BillionLaughs)));

        var (q1, b1) = Encrypted(xxe);
        var (q2, b2) = Encrypted(HostileXml.BillionLaughs);
        Assert.Equal(WeChatProtocolError.DtdProhibited, Refusal(() => Receiver().Receive(q1, b1)));
        Assert.Equal(WeChatProtocolError.DtdProhibited, Refusal(() => Receiver().Receive(q2, b2)));
    }

    [Theory]
    [MemberData(nameof(HostileXml.Malformed), MemberType = typeof(HostileXml))]
    public void Malformed_bodies_are_refused(string body)
    {
        Assert.Equal(WeChatProtocolError.Malformed, Refusal(() => Receiver().Receive(PlainQuery(), body)));
    }

    [Fact]
    public void Invalid_utf8_is_refused_as_malformed()
    {
        var bytes = Encoding.UTF8.GetBytes(TextXml()).Concat(new byte[] { 0xC3, 0x28, 0xFF }).ToArray();

        Assert.Equal(WeChatProtocolError.Malformed, Refusal(() => Receiver().Receive(PlainQuery(), bytes)));
    }

    [Fact]
    public void A_body_over_the_limit_is_refused_before_it_is_parsed()
    {
        // A billion-laughs body padded past the limit: TooLarge, not DtdProhibited, proves the size check comes first.
        var body = HostileXml.BillionLaughs + new string(' ', 2048);
        var receiver = Receiver(maxBodyBytes: 1024);

        Assert.Equal(WeChatProtocolError.TooLarge, Refusal(() => receiver.Receive(PlainQuery(), body)));
        Assert.Equal(WeChatProtocolError.TooLarge, Refusal(() => receiver.Receive(PlainQuery(), Encoding.UTF8.GetBytes(body))));
        // 400 three-byte characters: under the limit in chars, over it in bytes.
        Assert.Equal(WeChatProtocolError.TooLarge, Refusal(() => receiver.Receive(PlainQuery(), TextXml(new string('工', 400)))));
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_is_refused_after_reading_only_the_limit()
    {
        var receiver = Receiver(maxBodyBytes: 1024);
        await using var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<WeChatProtocolException>(() => receiver.ReceiveAsync(PlainQuery(), endless, CancellationToken.None));

        Assert.Equal(WeChatProtocolError.TooLarge, error.Reason);
        Assert.Equal(1025, endless.BytesRead);
    }

    [Fact]
    public async Task A_streamed_body_within_the_limit_is_received()
    {
        await using var body = new MemoryStream(Encoding.UTF8.GetBytes(TextXml()));

        var push = await Receiver().ReceiveAsync(PlainQuery(), body, CancellationToken.None);

        Assert.IsType<TextMessage>(push.Message);
    }

    [Fact]
    public void An_encrypted_reply_carries_a_fresh_timestamp_random_nonce_and_a_verifiable_signature()
    {
        var receiver = Receiver();
        var reply = ReplyWriter.Write(new TextReply("已受理"), "oUser1", "gh_acc", _time.GetUtcNow());

        var first = WeChatXml.Parse(receiver.Seal(reply, PushMode.Safe));
        _time.Advance(TimeSpan.FromSeconds(3));
        var second = WeChatXml.Parse(receiver.Seal(reply, PushMode.Compatible));

        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), second["TimeStamp"]);
        Assert.Equal(int.Parse(first["TimeStamp"], System.Globalization.CultureInfo.InvariantCulture) + 3, int.Parse(second["TimeStamp"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEqual(first["Nonce"], second["Nonce"]);
        foreach (var sealedReply in new[] { first, second })
        {
            Assert.True(WeChatSignature.Verify(sealedReply["MsgSignature"], Token, sealedReply["TimeStamp"], sealedReply["Nonce"], sealedReply["Encrypt"]));
            Assert.Equal(reply, new WeChatMessageCrypto(Key, AppId).Decrypt(sealedReply["Encrypt"]));
        }
    }

    [Theory]
    [InlineData(PushMode.Plaintext)]
    [InlineData(PushMode.Compatible)]
    [InlineData(PushMode.Safe)]
    public void Success_and_empty_replies_stay_unencrypted_in_every_mode(PushMode mode)
    {
        Assert.Equal("success", Receiver().Seal(ReplyWriter.Success, mode));
        Assert.Equal(string.Empty, Receiver().Seal(string.Empty, mode));
    }

    [Fact]
    public void A_plaintext_reply_is_returned_as_is()
    {
        var reply = ReplyWriter.Write(new TextReply("hi"), "oUser1", "gh_acc", _time.GetUtcNow());

        Assert.Equal(reply, Receiver().Seal(reply, PushMode.Plaintext));
    }

    [Theory]
    [InlineData("", AppId, Key, 65536)]
    [InlineData(Token, "", Key, 65536)]
    [InlineData(Token, AppId, "tooShort", 65536)]
    [InlineData(Token, AppId, Key, 10)]
    [InlineData(Token, AppId, Key, 100_000_000)]
    public void Invalid_options_are_refused_at_construction(string token, string appId, string key, int maxBodyBytes)
    {
        Assert.Throws<ArgumentException>(() => Receiver(key, maxBodyBytes, token, appId));
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, 100);
            buffer.AsSpan(offset, n).Fill((byte)'<');
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
