using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

public sealed class WeChatSignatureTests
{
    [Theory]
    [InlineData("AAAAA", "1714036504", "1514711492", "f464b24fc39322e44b38aa78f5edd27bd1441696")]
    [InlineData("AAAAA", "1714037059", "486452656", "899cf89e464efb63f54ddac96b0a0a235f53aa78")]
    [InlineData("weixin", "1357982061", "1358161344", "335b26997f05c82243aad6b10a2d1853637e71a8")]
    [InlineData("spamtest", "1409735669", "1320562132", "16120ec1b8dbb870f510d87ce6bc2463eae6ca1a")]
    [InlineData("AAAAA", "1715943329", "1590219412", "cc0c594499c1634947d5b502f158ee518947db27")]
    public void Plain_signature_matches_the_published_vector(string token, string timestamp, string nonce, string expected)
    {
        Assert.Equal(expected, WeChatSignature.Compute(token, timestamp, nonce));
        Assert.True(WeChatSignature.Verify(expected, token, timestamp, nonce));
        // The order the parts are given in does not matter: they are sorted.
        Assert.Equal(expected, WeChatSignature.Compute(nonce, token, timestamp));
    }

    [Theory]
    [InlineData(Vectors.CToken, Vectors.CTimestamp, Vectors.CNonce, Vectors.CEncrypt, Vectors.CMsgSignature)]
    [InlineData(Vectors.CToken, Vectors.DTimestamp, Vectors.DNonce, Vectors.DEncrypt, Vectors.DMsgSignature)]
    [InlineData(Vectors.EToken, Vectors.ETimestamp, Vectors.ENonce, Vectors.EEncrypt, Vectors.EMsgSignature)]
    [InlineData(Vectors.FToken, Vectors.FTimestamp, Vectors.FNonce, Vectors.FEncrypt, Vectors.FMsgSignature)]
    [InlineData(Vectors.FToken, Vectors.BTimestamp, Vectors.BNonce, Vectors.BPayload, Vectors.BMsgSignature)]
    [InlineData(Vectors.EToken, Vectors.EReplyTimestamp, Vectors.EReplyNonce, Vectors.EReplyEncrypt, Vectors.EReplyMsgSignature)]
    public void Message_signature_matches_the_published_vector(string token, string timestamp, string nonce, string encrypt, string expected)
    {
        Assert.Equal(expected, WeChatSignature.Compute(token, timestamp, nonce, encrypt));
        Assert.True(WeChatSignature.Verify(expected, token, timestamp, nonce, encrypt));
    }

    [Fact]
    public void Sorting_is_ordinal_not_culture_aware()
    {
        // Culture-aware comparison puts "a" before "B"; WeChat sorts by byte value, so "B" (0x42) comes first.
        var expected = WeChatSignature.Compute("Ba");
        Assert.Equal(expected, WeChatSignature.Compute("a", "B"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416966")]
    [InlineData("F464B24FC39322E44B38AA78F5EDD27BD1441696")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441697")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169é")]
    public void A_missing_wrongly_sized_or_wrong_signature_does_not_verify(string? given)
    {
        Assert.False(WeChatSignature.Verify(given, "AAAAA", "1714036504", "1514711492"));
    }
}
