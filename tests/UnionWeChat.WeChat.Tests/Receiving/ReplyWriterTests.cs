using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

public sealed class ReplyWriterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static IReadOnlyDictionary<string, string> WriteAndRead(Reply reply, string expectedType)
    {
        var fields = WeChatXml.Parse(ReplyWriter.Write(reply, "oUser1", "gh_acc", Now));
        Assert.Equal("oUser1", fields["ToUserName"]);
        Assert.Equal("gh_acc", fields["FromUserName"]);
        Assert.Equal("1700000000", fields["CreateTime"]);
        Assert.Equal(expectedType, fields["MsgType"]);
        return fields;
    }

    [Fact]
    public void Text_reply_is_wechat_xml_in_cdata()
    {
        var xml = ReplyWriter.Write(new TextReply("您好，已收到"), "oUser1", "gh_acc", Now);

        Assert.Equal(
            "<xml><ToUserName><![CDATA[oUser1]]></ToUserName><FromUserName><![CDATA[gh_acc]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[您好，已收到]]></Content></xml>",
            xml);
    }

    [Theory]
    [InlineData("]]>")]
    [InlineData("before ]]> after")]
    [InlineData("]]]]>>]]>")]
    [InlineData("<![CDATA[ nested ]]> <b>&amp;</b>")]
    [InlineData("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>&x;")]
    public void Text_a_worker_wrote_with_cdata_terminators_stays_well_formed_and_unchanged(string content)
    {
        var fields = WriteAndRead(new TextReply(content), "text");

        Assert.Equal(content, fields["Content"]);
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_the_rest_kept()
    {
        var fields = WriteAndRead(new TextReply("a\u0001b\uD800c\uFFFEd 😀"), "text");

        Assert.Equal("abcd 😀", fields["Content"]);
    }

    [Fact]
    public void Image_voice_and_video_replies()
    {
        Assert.Equal("m1", WriteAndRead(new ImageReply("m1"), "image")["Image/MediaId"]);
        Assert.Equal("m2", WriteAndRead(new VoiceReply("m2"), "voice")["Voice/MediaId"]);

        var video = WriteAndRead(new VideoReply("m3", "标题", "描述"), "video");
        Assert.Equal(("m3", "标题", "描述"), (video["Video/MediaId"], video["Video/Title"], video["Video/Description"]));
        Assert.False(WriteAndRead(new VideoReply("m4"), "video").ContainsKey("Video/Title"));
    }

    [Fact]
    public void Music_reply()
    {
        var music = WriteAndRead(new MusicReply("thumb", "歌", "desc", "http://a/m.mp3", "http://a/hq.mp3"), "music");

        Assert.Equal("thumb", music["Music/ThumbMediaId"]);
        Assert.Equal("歌", music["Music/Title"]);
        Assert.Equal("http://a/m.mp3", music["Music/MusicUrl"]);
        Assert.Equal("http://a/hq.mp3", music["Music/HQMusicUrl"]);
    }

    [Fact]
    public void News_reply_counts_and_lists_its_articles()
    {
        var news = WriteAndRead(
            new NewsReply([new NewsArticle("金秋助学", "申请指南", "http://a/1.jpg", "http://a/1"), new NewsArticle("法律援助", "d2", "http://a/2.jpg", "http://a/2")]),
            "news");

        Assert.Equal("2", news["ArticleCount"]);
        Assert.Equal(["金秋助学", "法律援助"], WeChatXml.GetAll(news, "Articles/item/Title"));
        Assert.Equal(["http://a/1", "http://a/2"], WeChatXml.GetAll(news, "Articles/item/Url"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(NewsReply.MaxArticles + 1)]
    public void News_reply_needs_one_to_eight_articles(int count)
    {
        var articles = Enumerable.Range(0, count).Select(i => new NewsArticle($"t{i}", "d", "p", "u")).ToList();

        Assert.Throws<ArgumentException>(() => new NewsReply(articles));
    }

    [Fact]
    public void Success_is_the_literal_wechat_expects()
    {
        Assert.Equal("success", ReplyWriter.Success);
    }
}
