using System.Xml.Linq;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests;

/// <summary>
/// The app on a real Azurite with the fake WeChat API server, and a pusher that signs (and in safe mode encrypts)
/// every message exactly as WeChat's servers do. Tests talk as workers: <c>await chat.SayAsync(worker, "投诉")</c>.
/// </summary>
public sealed class ChatHarness : IAsyncDisposable
{
    public const string AccountId = "gh_unionwechat01";
    private long _msgId = 7_000_000_000_000_000_000;

    private ChatHarness(AppFactory app, FakeWeChatServer wechat, PushMode mode)
    {
        App = app;
        WeChat = wechat;
        Mode = mode;
        Http = app.CreateClient();
        Pusher = new MessagePusher(Http, new Uri(Http.BaseAddress!, "/api/wechat"), AppFactory.Token, AppFactory.AppId,
            mode == PushMode.Plaintext ? null : AppFactory.EncodingAESKey);
    }

    public AppFactory App { get; }

    public FakeWeChatServer WeChat { get; }

    public PushMode Mode { get; }

    public HttpClient Http { get; }

    public MessagePusher Pusher { get; }

    public static async Task<ChatHarness> StartAsync(IAzuriteConnection azurite, PushMode mode = PushMode.Safe, Action<AppFactory>? configure = null)
    {
        var wechat = await FakeWeChatServer.StartAsync();
        var app = new AppFactory(azurite.ConnectionString, wechat.BaseUrl.ToString())
            .With("WeChat:OAuthAuthorizeUrl", new Uri(wechat.BaseUrl, "connect/oauth2/authorize").ToString());
        configure?.Invoke(app);
        return new ChatHarness(app, wechat, mode);
    }

    public static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    public long NextMsgId() => Interlocked.Increment(ref _msgId);

    private long _eventTime;

    /// <summary>
    /// Events are de-duplicated by sender, CreateTime and key (they carry no MsgId), as WeChat's retries are: two taps
    /// of one menu item within a second would look like one. Tests tap faster than people, so events get distinct seconds.
    /// </summary>
    public long NextEventTime()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _eventTime);
            var next = Math.Max(Now, last + 1);
            if (Interlocked.CompareExchange(ref _eventTime, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>Sends a text message; returns the reply's text content ("" for "success").</summary>
    public async Task<string> SayAsync(string openId, string text)
    {
        Interacted(openId, InteractionKind.UserMessage);
        return await AnswerOfAsync(openId, PushXml.Text(openId, AccountId, text, NextMsgId(), Now));
    }

    /// <summary>Like a patient worker: says it again when the account answers "系统繁忙" (storage overloaded).</summary>
    public async Task<string> SayUntilHeardAsync(string openId, string text, int attempts = 5)
    {
        var reply = "";
        for (var i = 0; i < attempts; i++)
        {
            reply = await SayAsync(openId, text);
            if (reply != UnionWeChat.Functions.Conversation.PushHandler.BusyText)
            {
                break;
            }
        }
        return reply;
    }

    public async Task<string> ClickAsync(string openId, string key)
    {
        Interacted(openId, InteractionKind.MenuClick);
        return await AnswerOfAsync(openId, PushXml.Click(openId, AccountId, key, NextEventTime()));
    }

    /// <summary>
    /// What the worker sees: the passive reply, or, when the app answered "success" because the work outran the
    /// reply budget (a loaded machine), the custom message that follows.
    /// </summary>
    private async Task<string> AnswerOfAsync(string openId, string xml)
    {
        var before = WeChat.State.MessagesFor(openId).Count;
        var reply = ContentOf(await PushAsync(xml));
        if (reply.Length > 0)
        {
            return reply;
        }
        await Eventually.HoldsAsync(() => Task.FromResult(WeChat.State.MessagesFor(openId).Count > before), TimeSpan.FromSeconds(60));
        var late = WeChat.State.MessagesFor(openId);
        return late.Count > before ? late[before].Text ?? "" : "";
    }

    public async Task<string> FollowAsync(string openId, string? scene = null)
    {
        WeChat.State.AddFollower(openId);
        Interacted(openId, InteractionKind.Follow);
        return ContentOf(await PushAsync(PushXml.Subscribe(openId, AccountId, NextEventTime(), scene)));
    }

    /// <summary>WeChat opens the customer-service window when a worker writes or taps; tell the fake server so.</summary>
    public void Interacted(string openId, InteractionKind kind) => WeChat.State.RecordInteraction(openId, kind, TimeProvider.System.GetUtcNow());

    public async Task<string> UnfollowAsync(string openId) =>
        ContentOf(await PushAsync(PushXml.Unsubscribe(openId, AccountId, NextEventTime())));

    public async Task<string> SendImageAsync(string openId, string mediaId)
    {
        Interacted(openId, InteractionKind.UserMessage);
        return ContentOf(await PushAsync(PushXml.Image(openId, AccountId, "http://mmbiz.qpic.cn/x.jpg", mediaId, NextMsgId(), Now)));
    }

    public async Task<PushResponse> PushAsync(string plainXml)
    {
        var response = await Pusher.PushAsync(plainXml, Mode, CancellationToken.None);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"push answered {(int)response.StatusCode}: {response.Body}");
        return response;
    }

    public static string ContentOf(PushResponse response)
    {
        if (response.IsSuccessOnly || response.ReplyXml is null)
        {
            return "";
        }
        var xml = XElement.Parse(response.ReplyXml);
        return xml.Element("Content")?.Value ?? xml.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await WeChat.DisposeAsync();
    }
}
