using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Tests.Hosting;

public sealed class LogRedactionTests
{
    [Theory]
    [InlineData(
        "POST http://127.0.0.1/api/wechat?signature=5c1e&timestamp=1763712000&nonce=57&openid=oUpF8uMuAJO_M2pxb1Q9zNjWeS6o - text/xml",
        "POST http://127.0.0.1/api/wechat?signature=5c1e&timestamp=1763712000&nonce=57&openid=oUpF8u… - text/xml")]
    [InlineData("GET /api/vote/0123456789ab?openid=sim-user-0001", "GET /api/vote/0123456789ab?openid=sim-us…")]
    [InlineData("<FromUserName><![CDATA[oWorkerCrash000000000000001]]></FromUserName>", "<FromUserName><![CDATA[oWorke…]]></FromUserName>")]
    [InlineData("""{"touser":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o","msgtype":"text"}""", """{"touser":"oUpF8u…","msgtype":"text"}""")]
    [InlineData("Member { OpenId = sim-user-0001, Phone = }", "Member { OpenId = sim-us…, Phone = }")]
    [InlineData("redirect_uri=https%3A%2F%2Fx%2Fapi%2Fvote%3Fopenid%3DoUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "redirect_uri=https%3A%2F%2Fx%2Fapi%2Fvote%3Fopenid%3DoUpF8u…")]
    [InlineData("ballot from oUpF8uMuAJO_M2pxb1Q9zNjWeS6o stored", "ballot from oUpF8u… stored")]
    public void Openids_are_shortened_as_the_apps_own_logs_shorten_them(string logged, string expected)
    {
        Assert.Equal(expected, LogRedaction.Redact(logged));
        Assert.Equal(expected, LogRedaction.Redact(expected));
    }

    [Theory]
    [InlineData("Request finished HTTP/1.1 GET http://127.0.0.1:7071/api/health - 200 - application/json 3.1ms")]
    [InlineData("signature=0123456789abcdef0123456789abcdef01234567&timestamp=1763712000")]
    [InlineData("Push from a sender that is not an openid ignored")]
    [InlineData("case Q2026120001 for tUpF8uMuAJO_M2pxb1Q9zNjWeS6o and oUpF8uMuAJO_M2pxb1Q9zNjWeS6oX")]
    public void Text_without_an_openid_is_left_as_it_is(string logged) =>
        Assert.Same(logged, LogRedaction.Redact(logged));
}
