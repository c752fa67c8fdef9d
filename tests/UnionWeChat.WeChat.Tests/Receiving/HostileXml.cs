namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>Hostile XML bodies: external entities, entity expansion, and what is merely broken.</summary>
internal static class HostileXml
{
    /// <summary>An external entity pointing at <paramref name="path"/>, used in a text message's Content.</summary>
    public static string Xxe(string path) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <!DOCTYPE xml [<!ENTITY xxe SYSTEM "file://{path}">]>
        <xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>
        """;

    /// <summary>The classic billion laughs: ten nested levels of ten references, 10^9 "lol"s if expanded.</summary>
    public const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE xml [
         <!ENTITY lol "lol">
         <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>
        """;

    /// <summary>Bodies that are not well-formed push XML.</summary>
    public static TheoryData<string> Malformed => new()
    {
        "<xml><ToUserName>gh_1</ToUserName>",
        "<xml><ToUserName>gh_1</FromUserName></xml>",
        "not xml at all",
        "<xml><Content><![CDATA[unterminated</Content></xml>",
        "<xml></xml><xml></xml>",
        "<notxml><ToUserName>gh_1</ToUserName></notxml>",
        "<xml><Content>&undeclared;</Content></xml>",
        "<xml><Content>&#0;</Content></xml>",
        "<xml><a:b>prefix never declared</a:b></xml>",
        "<!ENTITY x \"y\"><xml/>",
        "<xml>" + string.Concat(Enumerable.Repeat("<a>", 20)) + string.Concat(Enumerable.Repeat("</a>", 20)) + "</xml>",
    };
}
