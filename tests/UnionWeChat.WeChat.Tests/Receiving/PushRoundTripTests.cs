using System.Net;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.WeChat.Tests.Receiving;

/// <summary>The simulator's pusher against the receiver, as WeChat and the app would talk: push, reply, verify.</summary>
public sealed class PushRoundTripTests : IDisposable
{
    private const string Token = "roundTripToken";
    private const string AppId = "wxround0000000001";
    private static readonly Uri Target = new("http://app.test/api/wechat?code=functionKey");

    private readonly ManualTimeProvider _time = new();
    private readonly ReceiverHandler _app;
    private readonly HttpClient _http;
    private readonly MessagePusher _pusher;

    public PushRoundTripTests()
    {
        var receiver = new PushReceiver(new PushReceiverOptions { Token = Token, AppId = AppId, EncodingAESKey = Vectors.KeyAllA }, _time);
        _app = new ReceiverHandler(receiver, _time, message => message switch
        {
            TextMessage text => new TextReply("收到：" + text.Content),
            SubscribeEvent => new NewsReply([new NewsArticle("欢迎", "移动职工之家", "http://a/p.jpg", "http://a/")]),
            _ => null,
        });
        _http = new HttpClient(_app);
        _pusher = new MessagePusher(_http, Target, Token, AppId, Vectors.KeyAllA, _time);
    }

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData(PushMode.Plaintext)]
    [InlineData(PushMode.Compatible)]
    [InlineData(PushMode.Safe)]
    public async Task A_text_push_gets_a_verified_reply_in_its_own_mode(PushMode mode)
    {
        var response = await _pusher.PushAsync(PushXml.Text("oWorker1", "gh_union", "工资被拖欠 ]]> 怎么办", 7000000000000000001, 1700000000), mode, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var push = Assert.Single(_app.Received);
        Assert.Equal(mode, push.Mode);
        Assert.Equal("oWorker1|7000000000000000001", push.Message.DedupeKey);
        var reply = WeChatXml.Parse(response.ReplyXml);
        Assert.Equal("收到：工资被拖欠 ]]> 怎么办", reply["Content"]);
        Assert.Equal("oWorker1", reply["ToUserName"]);
        Assert.Equal("gh_union", reply["FromUserName"]);
        Assert.Equal(mode != PushMode.Plaintext, response.Body.Contains("<Encrypt>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PushMode.Plaintext)]
    [InlineData(PushMode.Compatible)]
    [InlineData(PushMode.Safe)]
    public async Task Events_round_trip_and_nothing_to_say_is_a_plain_success(PushMode mode)
    {
        var subscribe = await _pusher.PushAsync(PushXml.Subscribe("oWorker2", "gh_union", 1700000001, scene: "factory7"), mode, CancellationToken.None);
        var click = await _pusher.PushAsync(PushXml.Click("oWorker2", "gh_union", "MY_CASES", 1700000002), mode, CancellationToken.None);
        var unsubscribe = await _pusher.PushAsync(PushXml.Unsubscribe("oWorker2", "gh_union", 1700000003), mode, CancellationToken.None);
        var image = await _pusher.PushAsync(PushXml.Image("oWorker2", "gh_union", "http://mmbiz/p", "media1", 42, 1700000004), mode, CancellationToken.None);

        Assert.Equal("欢迎", WeChatXml.Parse(subscribe.ReplyXml)["Articles/item/Title"]);
        Assert.All([click, unsubscribe, image], r => Assert.Equal("success", r.Body));
        Assert.All([click, unsubscribe, image], r => Assert.True(r.IsSuccessOnly));
        Assert.Equal("factory7", Assert.IsType<SubscribeEvent>(_app.Received[0].Message).SceneKey);
        Assert.Equal("MY_CASES", Assert.IsType<ClickEvent>(_app.Received[1].Message).EventKey);
        Assert.IsType<UnsubscribeEvent>(_app.Received[2].Message);
        Assert.Equal("media1", Assert.IsType<ImageMessage>(_app.Received[3].Message).MediaId);
    }

    [Fact]
    public async Task The_query_carries_everything_wechat_sends_and_keeps_the_targets_own_parameters()
    {
        var push = _pusher.Sign(PushXml.Text("oWorker3", "gh_union", "投诉内容", 1, 1700000000), PushMode.Safe);

        var uri = push.ToUri(Target);
        Assert.StartsWith("http://app.test/api/wechat?code=functionKey&signature=", uri.ToString(), StringComparison.Ordinal);
        Assert.Equal("oWorker3", push.Query.OpenId);
        Assert.Equal("aes", push.Query.EncryptType);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), push.Query.Timestamp);
        Assert.DoesNotContain("投诉内容", push.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _pusher.SendAsync(push, CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_push_gets_a_400_and_reaches_no_handler()
    {
        var push = _pusher.Sign(PushXml.Text("oWorker4", "gh_union", "hi", 1, 1700000000), PushMode.Safe);
        var tampered = push with { Query = push.Query with { Nonce = "1" } };

        var response = await _pusher.SendAsync(tampered, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.ReplyXml);
        Assert.Empty(_app.Received);
    }

    [Fact]
    public void The_pusher_fails_loudly_on_a_reply_whose_signature_does_not_verify()
    {
        var receiver = new PushReceiver(new PushReceiverOptions { Token = "anotherToken", AppId = AppId, EncodingAESKey = Vectors.KeyAllA }, _time);
        var sealedReply = receiver.Seal(ReplyWriter.Write(new TextReply("x"), "o", "gh", _time.GetUtcNow()), PushMode.Safe);

        var error = Assert.Throws<WeChatProtocolException>(() => _pusher.OpenReply(sealedReply, PushMode.Safe));

        Assert.Equal(WeChatProtocolError.BadMessageSignature, error.Reason);
    }

    [Fact]
    public void The_pusher_refuses_a_plain_reply_in_safe_mode_but_accepts_it_in_compatible_mode()
    {
        var plain = ReplyWriter.Write(new TextReply("x"), "o", "gh", _time.GetUtcNow());

        Assert.Throws<WeChatProtocolException>(() => _pusher.OpenReply(plain, PushMode.Safe));
        Assert.Equal(plain, _pusher.OpenReply(plain, PushMode.Compatible));
    }
}
