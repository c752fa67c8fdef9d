using System.Text.Json;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Api;

public sealed class WeChatApiMessageCallTests
{
    private const string Worker = "o_worker_0001";

    [Fact]
    public async Task Custom_text_image_and_news_reach_the_member_in_the_documented_shape()
    {
        await using var api = await ApiHarness.StartAsync();

        await api.Client.SendCustomTextAsync(Worker, "您的投诉已登记，编号 WQ-2026-0001");
        await api.Client.SendCustomImageAsync(Worker, "MEDIA_abc-123");
        await api.Client.SendCustomNewsAsync(Worker, new NewsArticle("金秋助学", "申请指南", "https://example.org/aid", "https://example.org/p.jpg"));

        var messages = api.State.MessagesFor(Worker);
        Assert.Equal(["text", "image", "news"], messages.Select(m => m.MsgType));
        Assert.All(messages, m => Assert.Equal(SendChannel.Custom, m.Channel));
        Assert.Equal("您的投诉已登记，编号 WQ-2026-0001", messages[0].Text);
        Assert.Equal("金秋助学", messages[2].Text);
        using var image = JsonDocument.Parse(messages[1].BodyJson);
        Assert.Equal("MEDIA_abc-123", image.RootElement.GetProperty("image").GetProperty("media_id").GetString());
    }

    [Fact]
    public async Task Chinese_text_is_sent_as_UTF8_not_unicode_escapes()
    {
        await using var api = await ApiHarness.StartAsync();

        await api.Client.SendCustomTextAsync(Worker, "工会");

        Assert.Contains("工会", api.State.MessagesFor(Worker).Single().BodyJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_message_carries_its_data_and_a_generated_client_msg_id()
    {
        await using var api = await ApiHarness.StartAsync();
        var data = new Dictionary<string, string> { ["thing1"] = "劳动争议咨询", ["phrase2"] = "已受理" };

        var result = await api.Client.SendTemplateAsync(new TemplateMessage(Worker, "TPL_case", data, Url: "https://example.org/case/1"));

        var message = Assert.Single(api.State.MessagesFor(Worker));
        Assert.Equal(SendChannel.Template, message.Channel);
        Assert.Equal(result.MsgId, message.Id);
        Assert.Equal("劳动争议咨询\n已受理", message.Text);
        Assert.False(string.IsNullOrEmpty(result.ClientMsgId));
        using var body = JsonDocument.Parse(message.BodyJson);
        Assert.Equal(result.ClientMsgId, body.RootElement.GetProperty("client_msg_id").GetString());
        Assert.Equal("已受理", body.RootElement.GetProperty("data").GetProperty("phrase2").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_template_resent_with_the_same_key_within_ten_minutes_is_delivered_once()
    {
        await using var api = await ApiHarness.StartAsync();
        var message = new TemplateMessage(Worker, "TPL_case", new Dictionary<string, string> { ["k"] = "v" }, ClientMsgId: "case-1-accepted");

        var first = await api.Client.SendTemplateAsync(message);
        var second = await api.Client.SendTemplateAsync(message);

        Assert.Equal(first.MsgId, second.MsgId);
        Assert.Single(api.State.MessagesFor(Worker));
    }

    [Fact]
    public async Task Mass_send_by_tag_reaches_only_followers_with_the_tag()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower("o_member_1", "甲", ["会员"]);
        api.State.AddFollower("o_member_2", "乙", ["会员"]);
        api.State.AddFollower("o_visitor", "丙");
        var tagId = api.State.TagId("会员")!.Value;

        var result = await api.Client.SendAllAsync(MassContent.MpNews("MEDIA_news_1"), tagId);

        Assert.False(result.AlreadySubmitted);
        Assert.NotNull(result.MsgDataId);
        Assert.Single(api.State.MessagesFor("o_member_1"));
        Assert.Single(api.State.MessagesFor("o_member_2"));
        Assert.Empty(api.State.MessagesFor("o_visitor"));
        Assert.All(api.State.Sends, m => Assert.Equal(SendChannel.MassByTag, m.Channel));
    }

    [Fact]
    public async Task Mass_send_to_everyone_and_by_openid_list_reach_the_listed_followers()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower("o_1");
        api.State.AddFollower("o_2");
        api.State.AddFollower("o_3");

        await api.Client.SendAllAsync(MassContent.Text("夏送清凉活动开始了"), tagId: null);
        var listed = await api.Client.SendToOpenIdsAsync(["o_1", "o_3"], MassContent.Text("请参加投票"));

        Assert.Equal(2, api.State.MessagesFor("o_1").Count);
        Assert.Single(api.State.MessagesFor("o_2"));
        Assert.Equal(SendChannel.MassByOpenIds, api.State.MessagesFor("o_3")[1].Channel);
        Assert.Null(listed.MsgDataId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_001)]
    public async Task An_openid_list_outside_2_to_10000_is_refused_before_any_request(int count)
    {
        await using var api = await ApiHarness.StartAsync();
        var openIds = Enumerable.Range(0, count).Select(i => $"o_{i}").ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => api.Client.SendToOpenIdsAsync(openIds, MassContent.Text("x")));

        Assert.Equal(0, api.State.CallCount("/cgi-bin/message/mass/send"));
        Assert.Equal(0, api.State.CallCount("/cgi-bin/stable_token"));
    }

    [Fact]
    public async Task Ten_thousand_openids_are_accepted_in_one_call()
    {
        await using var api = await ApiHarness.StartAsync();
        var openIds = Enumerable.Range(0, 10_000).Select(i => $"o_{i:D5}").ToList();

        await api.Client.SendToOpenIdsAsync(openIds, MassContent.Text("通知"));

        Assert.Equal(10_000, api.State.Sends.Count);
    }

    [Fact]
    public async Task A_mass_image_uses_images_media_ids_and_a_preview_image_uses_image_media_id()
    {
        await using var api = await ApiHarness.StartAsync();
        api.State.AddFollower(Worker);

        await api.Client.SendAllAsync(MassContent.Image("IMG_poster"), tagId: null);
        await api.Client.PreviewAsync(Worker, MassContent.Image("IMG_poster"));

        var (mass, preview) = (api.State.MessagesFor(Worker)[0], api.State.MessagesFor(Worker)[1]);
        using var massBody = JsonDocument.Parse(mass.BodyJson);
        using var previewBody = JsonDocument.Parse(preview.BodyJson);
        Assert.Equal("IMG_poster", massBody.RootElement.GetProperty("images").GetProperty("media_ids")[0].GetString());
        Assert.Equal("IMG_poster", previewBody.RootElement.GetProperty("image").GetProperty("media_id").GetString());
    }

    [Fact]
    public async Task A_preview_goes_to_one_member_through_the_preview_channel()
    {
        await using var api = await ApiHarness.StartAsync();

        var msgId = await api.Client.PreviewAsync(Worker, MassContent.Text("预览：冬送温暖"));

        var message = Assert.Single(api.State.MessagesFor(Worker));
        Assert.Equal(SendChannel.Preview, message.Channel);
        Assert.Equal(msgId, message.Id);
    }

    [Fact]
    public async Task Every_call_carries_the_access_token_the_stand_in_issued()
    {
        await using var api = await ApiHarness.StartAsync();
        await api.Client.SendCustomTextAsync(Worker, "hello");
        api.State.InvalidateAccessTokens();

        var answer = await api.PostRawAsync("/cgi-bin/message/custom/send", """{"touser":"o_x","msgtype":"text","text":{"content":"hi"}}""", accessToken: api.Store.Saved[0].Value);

        Assert.Contains("40001", answer, StringComparison.Ordinal);
        Assert.Equal(1, api.State.CallCount("/cgi-bin/stable_token"));
    }
}
