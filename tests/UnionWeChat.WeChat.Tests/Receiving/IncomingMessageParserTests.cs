using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>Samples follow the push examples on WeChat's 接收普通消息 / 接收事件推送 / 自定义菜单事件推送 / 群发 pages.</summary>
public sealed class IncomingMessageParserTests
{
    private const string Head = "<ToUserName><![CDATA[gh_acc]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>1348831860</CreateTime>";

    private static T Parse<T>(string body)
        where T : IncomingMessage
    {
        var message = Assert.IsType<T>(IncomingMessageParser.Parse("<xml>" + Head + body + "</xml>"));
        Assert.Equal("gh_acc", message.ToUserName);
        Assert.Equal("oUser1", message.FromUserName);
        Assert.Equal(1348831860, message.CreateTimeUnix);
        Assert.Equal(new DateTimeOffset(2012, 9, 28, 11, 31, 0, TimeSpan.Zero), message.CreateTime);
        return message;
    }

    [Fact]
    public void Text_message()
    {
        var m = Parse<TextMessage>("<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[我要投诉]]></Content><MsgId>1234567890123456</MsgId>");

        Assert.Equal("text", m.MsgType);
        Assert.Equal("我要投诉", m.Content);
        Assert.Equal("1234567890123456", m.MsgId);
        Assert.Equal("oUser1|1234567890123456", m.DedupeKey);
    }

    [Fact]
    public void A_message_printed_for_a_log_shows_neither_its_content_nor_the_full_openid()
    {
        var m = IncomingMessageParser.Parse("<xml><ToUserName>gh_acc</ToUserName><FromUserName>oWorkerOpenId123</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>我的手机号13800000000</Content><MsgId>9</MsgId></xml>");
        var push = new ReceivedPush(PushMode.Plaintext, m, "<xml>13800000000</xml>");

        foreach (var printed in new[] { m.ToString(), push.ToString() })
        {
            Assert.DoesNotContain("13800000000", printed, StringComparison.Ordinal);
            Assert.DoesNotContain("oWorkerOpenId123", printed, StringComparison.Ordinal);
            Assert.Contains("TextMessage", printed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Image_message()
    {
        var m = Parse<ImageMessage>("<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.example/pic]]></PicUrl><MediaId><![CDATA[media_id]]></MediaId><MsgId>1234567890123456</MsgId>");

        Assert.Equal("http://mmbiz.example/pic", m.PicUrl);
        Assert.Equal("media_id", m.MediaId);
        Assert.Equal("oUser1|1234567890123456", m.DedupeKey);
    }

    [Fact]
    public void Voice_message_with_and_without_recognition()
    {
        var with = Parse<VoiceMessage>("<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123456</MsgId>");
        var without = Parse<VoiceMessage>("<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><Format><![CDATA[speex]]></Format><MsgId>1234567890123457</MsgId>");

        Assert.Equal("media_id", with.MediaId);
        Assert.Equal("amr", with.Format);
        Assert.Equal("腾讯微信团队", with.Recognition);
        Assert.Equal("speex", without.Format);
        Assert.Null(without.Recognition);
    }

    [Fact]
    public void Video_and_short_video_messages()
    {
        var video = Parse<VideoMessage>("<MsgType><![CDATA[video]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId><MsgId>1234567890123456</MsgId>");
        var shortVideo = Parse<ShortVideoMessage>("<MsgType><![CDATA[shortvideo]]></MsgType><MediaId><![CDATA[media_id]]></MediaId><ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId><MsgId>1234567890123456</MsgId>");

        Assert.Equal(("media_id", "thumb_media_id"), (video.MediaId, video.ThumbMediaId));
        Assert.Equal(("media_id", "thumb_media_id"), (shortVideo.MediaId, shortVideo.ThumbMediaId));
        Assert.Equal("shortvideo", shortVideo.MsgType);
    }

    [Fact]
    public void Location_message()
    {
        var m = Parse<LocationMessage>("<MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label><MsgId>1234567890123456</MsgId>");

        Assert.Equal(23.134521, m.LocationX);
        Assert.Equal(113.358803, m.LocationY);
        Assert.Equal(20, m.Scale);
        Assert.Equal("位置信息", m.Label);
    }

    [Fact]
    public void Link_message()
    {
        var m = Parse<LinkMessage>("<MsgType><![CDATA[link]]></MsgType><Title><![CDATA[公众平台官网链接]]></Title><Description><![CDATA[公众平台官网链接]]></Description><Url><![CDATA[https://mp.weixin.qq.com]]></Url><MsgId>1234567890123456</MsgId>");

        Assert.Equal("公众平台官网链接", m.Title);
        Assert.Equal("公众平台官网链接", m.Description);
        Assert.Equal("https://mp.weixin.qq.com", m.Url);
    }

    [Fact]
    public void Plain_subscribe_has_no_scene()
    {
        var m = Parse<SubscribeEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>");

        Assert.Equal(string.Empty, m.EventKey);
        Assert.Null(m.SceneKey);
        Assert.Null(m.Ticket);
        Assert.Equal("oUser1|1348831860|subscribe|", m.DedupeKey);
    }

    [Fact]
    public void Subscribe_by_qr_code_strips_the_qrscene_prefix()
    {
        var m = Parse<SubscribeEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>");

        Assert.Equal("qrscene_123123", m.EventKey);
        Assert.Equal("123123", m.SceneKey);
        Assert.Equal("TICKET", m.Ticket);
        Assert.Equal("oUser1|1348831860|subscribe|qrscene_123123", m.DedupeKey);
    }

    [Fact]
    public void Unsubscribe_event()
    {
        var m = Parse<UnsubscribeEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>");

        Assert.Equal("unsubscribe", m.Event);
    }

    [Fact]
    public void Scan_event_by_a_follower()
    {
        var m = Parse<ScanEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>");

        Assert.Equal("SCENE_VALUE", m.EventKey);
        Assert.Equal("TICKET", m.Ticket);
    }

    [Fact]
    public void Location_event()
    {
        var m = Parse<LocationEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[LOCATION]]></Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>");

        Assert.Equal(23.137466, m.Latitude);
        Assert.Equal(113.352425, m.Longitude);
        Assert.Equal(119.38504, m.Precision);
    }

    [Fact]
    public void Click_event()
    {
        var m = Parse<ClickEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[EVENTKEY]]></EventKey>");

        Assert.Equal("EVENTKEY", m.EventKey);
        Assert.Equal("oUser1|1348831860|CLICK|EVENTKEY", m.DedupeKey);
    }

    [Fact]
    public void View_event()
    {
        var m = Parse<ViewEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[www.qq.com]]></EventKey><MenuId>MENUID</MenuId>");

        Assert.Equal("www.qq.com", m.EventKey);
        Assert.Equal("MENUID", m.MenuId);
    }

    [Theory]
    [InlineData("scancode_push", false)]
    [InlineData("scancode_waitmsg", true)]
    public void Scan_code_events(string name, bool waits)
    {
        var m = Parse<ScanCodeEvent>($"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>");

        Assert.Equal(name, m.Event);
        Assert.Equal(waits, m.WaitsForMessage);
        Assert.Equal("qrcode", m.ScanType);
        Assert.Equal("1", m.ScanResult);
    }

    [Theory]
    [InlineData("pic_sysphoto")]
    [InlineData("pic_photo_or_album")]
    [InlineData("pic_weixin")]
    public void Picture_events_list_every_md5(string name)
    {
        var m = Parse<PicEvent>($"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{name}]]></Event><EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[5d6f2e0e5b1b8e1f7e4a8d4b6c3b2a19]]></PicMd5Sum></item></PicList></SendPicsInfo>");

        Assert.Equal(2, m.Count);
        Assert.Equal(["1b5f7c23b5bf75682a53e7b6d163e185", "5d6f2e0e5b1b8e1f7e4a8d4b6c3b2a19"], m.PicMd5Sums);
    }

    [Fact]
    public void Location_select_event()
    {
        var m = Parse<LocationSelectEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[location_select]]></Event><EventKey><![CDATA[6]]></EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X><Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[ 广州市海珠区客村艺苑路 106号]]></Label><Poiname><![CDATA[]]></Poiname></SendLocationInfo>");

        Assert.Equal((23d, 113d, 15d), (m.LocationX, m.LocationY, m.Scale));
        Assert.Equal(" 广州市海珠区客村艺苑路 106号", m.Label);
        Assert.Equal(string.Empty, m.Poiname);
    }

    [Fact]
    public void Template_send_job_finish_event()
    {
        var m = Parse<TemplateSendJobFinishEvent>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status>");

        Assert.Equal("200163836", m.MsgId);
        Assert.Equal("failed:user block", m.Status);
    }

    [Fact]
    public void Mass_send_job_finish_event_with_its_copyright_check()
    {
        var m = Parse<MassSendJobFinishEvent>("""
            <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[MASSSENDJOBFINISH]]></Event><MsgID>1000001625</MsgID>
            <Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount><FilterCount>0</FilterCount><SentCount>0</SentCount><ErrorCount>0</ErrorCount>
            <CopyrightCheckResult><Count>2</Count><ResultList>
              <item><ArticleIdx>1</ArticleIdx><UserDeclareState>0</UserDeclareState><AuditState>2</AuditState><OriginalArticleUrl><![CDATA[Url_1]]></OriginalArticleUrl><OriginalArticleType>1</OriginalArticleType><CanReprint>1</CanReprint><NeedReplaceContent>1</NeedReplaceContent><NeedShowReprintSource>1</NeedShowReprintSource></item>
              <item><ArticleIdx>2</ArticleIdx><UserDeclareState>0</UserDeclareState><AuditState>2</AuditState><OriginalArticleUrl><![CDATA[Url_2]]></OriginalArticleUrl><OriginalArticleType>1</OriginalArticleType><CanReprint>1</CanReprint><NeedReplaceContent>1</NeedReplaceContent><NeedShowReprintSource>1</NeedShowReprintSource></item>
            </ResultList><CheckState>2</CheckState></CopyrightCheckResult>
            """);

        Assert.Equal("1000001625", m.MsgId);
        Assert.Equal("err(30003)", m.Status);
        Assert.Equal((0, 0, 0, 0), (m.TotalCount, m.FilterCount, m.SentCount, m.ErrorCount));
        Assert.Equal("2", m.Fields["CopyrightCheckResult/CheckState"]);
        Assert.Equal(["Url_1", "Url_2"], WeChatXml.GetAll(m.Fields, "CopyrightCheckResult/ResultList/item/OriginalArticleUrl"));
    }

    [Fact]
    public void An_unknown_message_type_is_kept_not_refused()
    {
        var m = Parse<UnknownMessage>("<MsgType><![CDATA[miniprogrampage]]></MsgType><Title><![CDATA[t]]></Title><MsgId>42</MsgId>");

        Assert.Equal("miniprogrampage", m.MsgType);
        Assert.Null(m.Event);
        Assert.Equal("t", m.Fields["Title"]);
        Assert.Equal("oUser1|42", m.DedupeKey);
    }

    [Fact]
    public void An_unknown_event_is_kept_not_refused()
    {
        var m = Parse<UnknownMessage>("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[view_miniprogram]]></Event><EventKey><![CDATA[pages/index]]></EventKey>");

        Assert.Equal("view_miniprogram", m.Event);
        Assert.Equal("pages/index", m.EventKey);
        Assert.Equal("oUser1|1348831860|view_miniprogram|pages/index", m.DedupeKey);
    }

    [Theory]
    [InlineData("<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>99999999999999999</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>-5</CreateTime><MsgType>text</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>north</Latitude><Longitude>1</Longitude><Precision>1</Precision></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>NaN</Latitude><Longitude>1</Longitude><Precision>1</Precision></xml>")]
    [InlineData("<xml><ToUserName>g</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>1</MsgID><TotalCount>99999999999</TotalCount></xml>")]
    public void A_missing_header_field_or_a_bad_number_is_malformed(string xml)
    {
        var error = Assert.Throws<WeChatProtocolException>(() => IncomingMessageParser.Parse(xml));

        Assert.Equal(WeChatProtocolError.Malformed, error.Reason);
    }
}
