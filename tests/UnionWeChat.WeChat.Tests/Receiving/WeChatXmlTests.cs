using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

public sealed class WeChatXmlTests
{
    [Fact]
    public void Leaves_under_the_root_are_keyed_by_name_with_cdata_and_text_alike()
    {
        var fields = WeChatXml.Parse("""
            <xml>
              <ToUserName><![CDATA[gh_1]]></ToUserName>
              <CreateTime>1348831860</CreateTime>
              <Content><![CDATA[ 你好 & <hi> ]]></Content>
              <Escaped>a &lt; b &amp; c</Escaped>
              <Empty/>
              <AlsoEmpty></AlsoEmpty>
            </xml>
            """);

        Assert.Equal("gh_1", fields["ToUserName"]);
        Assert.Equal("1348831860", fields["CreateTime"]);
        Assert.Equal(" 你好 & <hi> ", fields["Content"]);
        Assert.Equal("a < b & c", fields["Escaped"]);
        Assert.Equal(string.Empty, fields["Empty"]);
        Assert.Equal(string.Empty, fields["AlsoEmpty"]);
    }

    [Fact]
    public void Nested_leaves_are_keyed_by_path_and_repeats_are_numbered_in_order()
    {
        var fields = WeChatXml.Parse("""
            <xml><SendPicsInfo><Count>3</Count><PicList>
              <item><PicMd5Sum><![CDATA[aaa]]></PicMd5Sum></item>
              <item><PicMd5Sum><![CDATA[bbb]]></PicMd5Sum></item>
              <item><PicMd5Sum><![CDATA[ccc]]></PicMd5Sum></item>
            </PicList></SendPicsInfo></xml>
            """);

        Assert.Equal("3", fields["SendPicsInfo/Count"]);
        Assert.Equal("aaa", fields["SendPicsInfo/PicList/item/PicMd5Sum"]);
        Assert.Equal("bbb", fields["SendPicsInfo/PicList/item/PicMd5Sum#2"]);
        Assert.Equal(["aaa", "bbb", "ccc"], WeChatXml.GetAll(fields, "SendPicsInfo/PicList/item/PicMd5Sum"));
        Assert.Empty(WeChatXml.GetAll(fields, "Nothing"));
        Assert.False(fields.ContainsKey("SendPicsInfo"));
    }

    [Fact]
    public void An_external_entity_is_refused_as_a_DTD_and_the_file_is_never_read()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP-SECRET-MARKER");
        try
        {
            var error = Assert.Throws<WeChatProtocolException>(() => WeChatXml.Parse(HostileXml.Xxe(secret)));

            Assert.Equal(WeChatProtocolError.DtdProhibited, error.Reason);
            Assert.DoesNotContain("TOP-SECRET-MARKER", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Billion_laughs_is_refused_as_a_DTD_without_expanding()
    {
        var error = Assert.Throws<WeChatProtocolException>(() => WeChatXml.Parse(HostileXml.BillionLaughs));

        Assert.Equal(WeChatProtocolError.DtdProhibited, error.Reason);
    }

    [Theory]
    [MemberData(nameof(HostileXml.Malformed), MemberType = typeof(HostileXml))]
    public void Malformed_xml_is_refused(string xml)
    {
        var error = Assert.Throws<WeChatProtocolException>(() => WeChatXml.Parse(xml));

        Assert.Equal(WeChatProtocolError.Malformed, error.Reason);
    }

    [Fact]
    public void Doctype_text_inside_cdata_is_just_text()
    {
        var fields = WeChatXml.Parse("<xml><Content><![CDATA[<!DOCTYPE x [<!ENTITY a 'b'>]>]]></Content></xml>");

        Assert.Equal("<!DOCTYPE x [<!ENTITY a 'b'>]>", fields["Content"]);
    }

    [Fact]
    public void A_document_over_the_character_limit_is_refused_before_parsing()
    {
        var huge = "<!DOCTYPE" + new string(' ', WeChatXml.MaxDocumentChars);

        var error = Assert.Throws<WeChatProtocolException>(() => WeChatXml.Parse(huge));

        Assert.Equal(WeChatProtocolError.TooLarge, error.Reason);
    }

    [Fact]
    public void Too_many_elements_are_refused()
    {
        var xml = "<xml>" + string.Concat(Enumerable.Repeat("<a/>", WeChatXml.MaxFields + 1)) + "</xml>";

        Assert.Equal(WeChatProtocolError.Malformed, Assert.Throws<WeChatProtocolException>(() => WeChatXml.Parse(xml)).Reason);
    }
}
