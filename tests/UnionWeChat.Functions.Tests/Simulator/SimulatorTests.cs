using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Simulator;
using UnionWeChat.Functions.Tests.Browser;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>The simulator's endpoints against the app on a real port, in Development, pushing through /api/wechat.</summary>
public sealed class SimulatorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Worker = "oWorkerSim0000000000000001";

    [Fact]
    public async Task A_follow_and_a_text_sent_through_the_simulator_reach_the_app_and_its_replies_come_back()
    {
        await using var app = await LiveApp.StartAsync(azurite);

        var followed = await SendAsync(app, new { openId = Worker, nickname = "张师傅", type = "follow" });
        var answered = await SendAsync(app, new { openId = Worker, nickname = "张师傅", type = "text", text = "你好" });

        Assert.True(followed.Delivered, followed.Problem);
        Assert.Contains("欢迎关注", Assert.Single(followed.Replies).Text);
        Assert.Contains("12351", Assert.Single(answered.Replies).Text);
        // The real path: the follow went through the router into the member store.
        var member = await app.Get<MemberStore>().GetAsync(Worker, CancellationToken.None);
        Assert.True(member?.Following);
        var inbox = await InboxAsync(app, Worker);
        Assert.Equal(["worker", "account", "worker", "account"], inbox.Entries.Select(e => e.From));
        Assert.Equal("你好", inbox.Entries[2].Text);
        Assert.Equal("reply", inbox.Entries[3].Via);
    }

    [Fact]
    public async Task Pushes_are_signed_and_in_safe_mode_when_an_encoding_aes_key_is_configured()
    {
        var spy = new PushSpy();
        await using var app = await LiveApp.StartAsync(azurite, f => f.WithServices(s => s.AddSingleton<IStartupFilter>(spy)));

        var result = await SendAsync(app, new { openId = Worker, type = "follow" });

        Assert.True(result.Delivered, result.Problem);
        var query = Assert.Single(spy.Queries);
        Assert.Contains("signature=", query);
        Assert.Contains("encrypt_type=aes", query);
        Assert.Contains("msg_signature=", query);
    }

    [Fact]
    public async Task Without_an_encoding_aes_key_pushes_are_signed_plaintext()
    {
        var spy = new PushSpy();
        await using var app = await LiveApp.StartAsync(azurite, f => f
            .With("WeChat:EncodingAESKey", "")
            .WithServices(s => s.AddSingleton<IStartupFilter>(spy)));

        var result = await SendAsync(app, new { openId = Worker, type = "follow" });

        Assert.True(result.Delivered, result.Problem);
        var query = Assert.Single(spy.Queries);
        Assert.Contains("signature=", query);
        Assert.DoesNotContain("encrypt_type", query);
    }

    [Fact]
    public async Task A_custom_and_a_template_message_the_account_sends_later_appear_in_the_members_chat()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        await SendAsync(app, new { openId = Worker, type = "follow" });
        await SendAsync(app, new { openId = Worker, type = "text", text = "我的案件怎么样了" });
        var seen = (await InboxAsync(app, Worker)).Entries[^1].Id;

        var wechat = app.Get<WeChatApiClient>();
        await wechat.SendCustomTextAsync(Worker, "您的投诉 TS-20260101-0001 已受理。");
        await wechat.SendTemplateAsync(new TemplateMessage(Worker, "poll-template",
            new Dictionary<string, string> { ["first"] = "新投票：和谐企业评选" }, Url: "http://127.0.0.1:9/api/vote/p1"));

        var later = (await InboxAsync(app, Worker, after: seen)).Entries;
        Assert.Collection(later,
            custom =>
            {
                Assert.Equal(("account", "custom", "您的投诉 TS-20260101-0001 已受理。"), (custom.From, custom.Via, custom.Text));
            },
            template =>
            {
                Assert.Equal(("account", "template", "新投票：和谐企业评选"), (template.From, template.Via, template.Text));
                Assert.Equal("http://127.0.0.1:9/api/vote/p1", template.Url);
            });
        Assert.Empty((await InboxAsync(app, "oSomeoneElse00000000000001")).Entries);
    }

    [Fact]
    public async Task A_message_the_account_sent_before_the_simulator_was_first_used_still_shows()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        var standIn = app.Get<WeChatApiStandIn>();
        standIn.AddFollower(Worker, "早到");
        standIn.RecordInteraction(Worker, InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());

        await app.Get<WeChatApiClient>().SendCustomTextAsync(Worker, "早上好");

        var entry = Assert.Single((await InboxAsync(app, Worker)).Entries);
        Assert.Equal(("account", "custom", "早上好"), (entry.From, entry.Via, entry.Text));
    }

    [Fact]
    public async Task A_photo_is_kept_as_media_and_pushed_as_an_image_message_naming_it()
    {
        var router = new RecordingRouter();
        await using var app = await LiveApp.StartAsync(azurite, f => f.WithServices(s => s.AddSingleton<IMessageRouter>(router)));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new("image/png");
        using var response = await app.Http.PostAsync($"/dev/wechat/photo?openId={Worker}&nickname=%E5%BC%A0", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<SendResult>())!;
        Assert.Equal("收到 image", Assert.Single(result.Replies).Text);
        var image = Assert.IsType<ImageMessage>(Assert.Single(router.Messages));
        Assert.Equal(app.Url(SimulatorEndpoints.PhotoPath(image.MediaId)).AbsoluteUri, image.PicUrl);
        // A feature downloads it through the media API, as it would from WeChat.
        var media = await app.Get<WeChatApiClient>().DownloadMediaAsync(image.MediaId);
        Assert.Equal(png, media.Content.ToArray());
        Assert.Equal(png, await app.Http.GetByteArrayAsync(SimulatorEndpoints.PhotoPath(image.MediaId)));
        var shown = (await InboxAsync(app, Worker)).Entries[0];
        Assert.Equal(("worker", "image", SimulatorEndpoints.PhotoPath(image.MediaId)), (shown.From, shown.Kind, shown.Url));
    }

    [Fact]
    public async Task The_menu_is_the_one_the_app_published_and_a_tap_pushes_its_click()
    {
        var router = new RecordingRouter();
        await using var app = await LiveApp.StartAsync(azurite, f => f.WithServices(s => s.AddSingleton<IMessageRouter>(router)));
        Assert.Equal("commands", (await MenuAsync(app)).GetProperty("source").GetString());

        await app.Get<WeChatApiClient>().CreateMenuAsync([
            MenuButton.Click("投诉", "COMPLAINT"),
            MenuButton.SubMenu("服务", MenuButton.Click("查询", "MY_CASES"), MenuButton.View("投票", "http://127.0.0.1:9/api/vote")),
        ]);
        var menu = await MenuAsync(app);
        await SendAsync(app, new { openId = Worker, type = "click", key = "COMPLAINT", text = "投诉" });

        Assert.Equal("published", menu.GetProperty("source").GetString());
        Assert.Equal("COMPLAINT", menu.GetProperty("button")[0].GetProperty("key").GetString());
        Assert.Equal("MY_CASES", menu.GetProperty("button")[1].GetProperty("sub_button")[0].GetProperty("key").GetString());
        var click = Assert.IsType<ClickEvent>(Assert.Single(router.Messages));
        Assert.Equal((Worker, "COMPLAINT"), (click.FromUserName, click.EventKey));
    }

    [Fact]
    public async Task Two_taps_on_the_same_button_within_a_second_are_two_pushes_not_one_retried()
    {
        var router = new RecordingRouter();
        await using var app = await LiveApp.StartAsync(azurite, f => f.WithServices(s => s.AddSingleton<IMessageRouter>(router)));

        var first = await SendAsync(app, new { openId = Worker, type = "click", key = "MY_CASES" });
        var second = await SendAsync(app, new { openId = Worker, type = "click", key = "MY_CASES" });

        Assert.Equal("收到 event", Assert.Single(first.Replies).Text);
        Assert.Equal("收到 event", Assert.Single(second.Replies).Text);
        Assert.Equal(2, router.Messages.Count);
    }

    public static TheoryData<string, string> BadActions => new()
    {
        { """{"openId":"bad id!","type":"text","text":"hi"}""", "openId" },
        { """{"openId":"oWorkerSim0000000000000001","type":"shout","text":"hi"}""", "type" },
        { """{"openId":"oWorkerSim0000000000000001","type":"text","text":"   "}""", "text" },
        { """{"openId":"oWorkerSim0000000000000001","type":"click"}""", "key" },
        { """{"openId":"oWorkerSim0000000000000001","type":"view","url":"javascript:alert(1)"}""", "url" },
        { """{"openId":"oWorkerSim0000000000000001","nickname":"123456789012345678901234567890123","type":"follow"}""", "nickname" },
    };

    [Theory]
    [MemberData(nameof(BadActions))]
    public async Task A_bad_action_is_refused_naming_the_field_and_pushes_nothing(string body, string field)
    {
        var router = new RecordingRouter();
        await using var app = await LiveApp.StartAsync(azurite, f => f.WithServices(s => s.AddSingleton<IMessageRouter>(router)));

        using var response = await app.Http.PostAsync("/dev/wechat/send", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        Assert.Empty(router.Messages);
        Assert.Empty((await InboxAsync(app, Worker)).Entries);
    }

    [Theory]
    [InlineData("text/plain", 100, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("image/png", 2048, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("image/png", 0, HttpStatusCode.BadRequest)]
    public async Task A_bad_photo_is_refused_and_pushes_nothing(string contentType, int size, HttpStatusCode expected)
    {
        var router = new RecordingRouter();
        await using var app = await LiveApp.StartAsync(azurite, f => f
            .With("Simulator:MaxPhotoBytes", "1024")
            .WithServices(s => s.AddSingleton<IMessageRouter>(router)));

        using var content = new ByteArrayContent(new byte[size]);
        content.Headers.ContentType = new(contentType);
        using var response = await app.Http.PostAsync($"/dev/wechat/photo?openId={Worker}", content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(router.Messages);
        Assert.Empty((await InboxAsync(app, Worker)).Entries);
    }

    [Fact]
    public async Task The_inbox_refuses_a_bad_openid()
    {
        await using var app = await LiveApp.StartAsync(azurite);

        using var response = await app.Http.GetAsync("/dev/wechat/inbox?openId=%3Cscript%3E&after=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_link_opened_from_a_members_chat_signs_in_through_oauth_as_that_member()
    {
        await using var app = await LiveApp.StartAsync(azurite);
        var wechat = app.Get<WeChatApiClient>();
        var authorize = wechat.BuildOAuthUrl(app.Url("/api/vote/p1"), "p1");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        // Without the simulator's cookie the stand-in cannot tell who is asking.
        using var anonymous = await http.GetAsync(authorize);
        using var request = new HttpRequestMessage(HttpMethod.Get, authorize);
        request.Headers.Add("Cookie", $"{SimulatedIdentity.CookieName}={Worker}");
        using var named = await http.SendAsync(request);
        using var issued = await http.GetAsync(new Uri(new Uri(authorize), named.Headers.Location!));
        var back = issued.Headers.Location!;

        Assert.StartsWith(app.Url("/dev/wechat-api/connect/oauth2/authorize").AbsoluteUri, authorize);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Contains("&openid=" + Worker, named.Headers.Location!.OriginalString);
        Assert.Equal(app.Url("/api/vote/p1").AbsolutePath, back.AbsolutePath);
        var code = System.Web.HttpUtility.ParseQueryString(back.Query)["code"]!;
        Assert.Equal(Worker, (await wechat.ExchangeOAuthCodeAsync(code)).OpenId);
    }

    private static async Task<SendResult> SendAsync(LiveApp app, object action)
    {
        using var response = await app.Http.PostAsJsonAsync("/dev/wechat/send", action);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"send answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SendResult>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<InboxView> InboxAsync(LiveApp app, string openId, long after = 0) =>
        (await app.Http.GetFromJsonAsync<InboxView>($"/dev/wechat/inbox?openId={openId}&after={after}"))!;

    private static async Task<JsonElement> MenuAsync(LiveApp app) =>
        await app.Http.GetFromJsonAsync<JsonElement>("/dev/wechat/menu");
}
