using System.Collections.Concurrent;
using System.Security.Cryptography;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// Plays WeChat's servers for a simulated worker: tells the API stand-in what WeChat would know (the follower, the
/// interaction that opens the customer-service window, a sent photo), then builds the push XML and posts it to the
/// app's own <c>/api/wechat</c> over HTTP, signed and, when an EncodingAESKey is configured, in safe mode.
/// </summary>
public sealed partial class SimulatorSender(
    IHttpClientFactory httpClients,
    AppAddress address,
    WeChatOptions wechat,
    SimulatorOptions options,
    WeChatApiStandIn standIn,
    ChatTranscript transcript,
    TimeProvider time,
    ILogger<SimulatorSender> logger)
{
    public const string HttpClientName = "wechat-simulator";
    private readonly ConcurrentDictionary<string, long> _lastCreateTime = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);
    private long _msgId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    public PushMode Mode => string.IsNullOrEmpty(wechat.EncodingAESKey) ? PushMode.Plaintext : PushMode.Safe;

    /// <summary>Sends a validated <paramref name="action"/> (see <see cref="WorkerAction.Validate"/>).</summary>
    public Task<SendResult> SendAsync(WorkerAction action, CancellationToken ct)
    {
        var openId = action.OpenId!;
        var now = time.GetUtcNow();
        var createTime = NextCreateTime(openId, now);
        var account = options.AccountId;
        string xml;
        ChatEntry shown;
        switch (action.Type)
        {
            case "follow":
                standIn.AddFollower(openId, action.Nickname ?? "");
                _known[openId] = true;
                standIn.RecordInteraction(openId, InteractionKind.Follow, now);
                xml = PushXml.Subscribe(openId, account, createTime);
                shown = ChatEntry.FromWorker("event", "关注了公众号");
                break;
            case "unfollow":
                standIn.Unfollow(openId);
                _known[openId] = true;
                xml = PushXml.Unsubscribe(openId, account, createTime);
                shown = ChatEntry.FromWorker("event", "取消关注");
                break;
            case "click":
                EnsureFollower(openId, action.Nickname);
                standIn.RecordInteraction(openId, InteractionKind.MenuClick, now);
                xml = PushXml.Click(openId, account, action.Key!, createTime);
                shown = ChatEntry.FromWorker("event", "点击菜单：" + (string.IsNullOrWhiteSpace(action.Text) ? action.Key : action.Text));
                break;
            case "view":
                // A link button pushes a VIEW event; it does not open the customer-service window.
                EnsureFollower(openId, action.Nickname);
                xml = PushXml.Event(openId, account, "VIEW", action.Url!, createTime);
                shown = ChatEntry.FromWorker("event", "打开菜单链接", action.Url);
                break;
            default:
                EnsureFollower(openId, action.Nickname);
                standIn.RecordInteraction(openId, InteractionKind.UserMessage, now);
                xml = PushXml.Text(openId, account, action.Text!.Trim(), NextMsgId(), createTime);
                shown = ChatEntry.FromWorker("text", action.Text.Trim());
                break;
        }
        return PushAsync(openId, shown, xml, ct);
    }

    /// <summary>Stores the photo in the stand-in (as WeChat keeps a member's media) and pushes an image message naming it.</summary>
    public Task<SendResult> SendPhotoAsync(string openId, string? nickname, byte[] bytes, string contentType, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var mediaId = "sim" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        standIn.AddMedia(mediaId, bytes, contentType);
        EnsureFollower(openId, nickname);
        standIn.RecordInteraction(openId, InteractionKind.UserMessage, now);
        var photoPath = SimulatorEndpoints.PhotoPath(mediaId);
        var picUrl = new Uri(address.BaseUrl, photoPath.TrimStart('/')).AbsoluteUri;
        var xml = PushXml.Image(openId, options.AccountId, picUrl, mediaId, NextMsgId(), NextCreateTime(openId, now));
        return PushAsync(openId, ChatEntry.FromWorker("image", "[图片]", photoPath), xml, ct);
    }

    private async Task<SendResult> PushAsync(string openId, ChatEntry shown, string xml, CancellationToken ct)
    {
        transcript.Add(openId, shown);
        var http = httpClients.CreateClient(HttpClientName);
        var pusher = new MessagePusher(http, new Uri(address.BaseUrl, "api/wechat"), wechat.Token, wechat.AppId,
            Mode == PushMode.Safe ? wechat.EncodingAESKey : null, time);
        PushResponse response;
        IReadOnlyList<ChatEntry> replies;
        try
        {
            response = await pusher.PushAsync(xml, Mode, ct);
            replies = response.ReplyXml is null ? [] : ChatEntries.FromReply(response.ReplyXml);
        }
        catch (Exception ex) when (ex is HttpRequestException or WeChatProtocolException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogPushFailed(ex.GetType().Name);
            var problem = ex switch
            {
                WeChatProtocolException => "WeChat would refuse the app's reply: " + ex.Message,
                OperationCanceledException => "The app did not answer in time (WeChat waits 5 s, then retries).",
                _ => "The app could not be reached at " + address.BaseUrl + ": " + ex.Message,
            };
            transcript.Add(openId, ChatEntry.Note(problem));
            return new SendResult(false, 0, [], problem);
        }

        var status = (int)response.StatusCode;
        if (response.ReplyXml is null)
        {
            LogPushRefused(status);
            var problem = $"/api/wechat answered HTTP {status}.";
            transcript.Add(openId, ChatEntry.Note(problem));
            return new SendResult(false, status, [], problem);
        }

        return new SendResult(true, status, replies.Select(entry => transcript.Add(openId, entry)).ToList(), null);
    }

    // The stand-in keeps its followers across restarts (StandInFollowers), but the page may name a member it never
    // saw (a cleared data folder): register them (once per run) so the account's later messages to them are accepted.
    private void EnsureFollower(string openId, string? nickname)
    {
        if (_known.TryAdd(openId, true))
        {
            standIn.AddFollower(openId, nickname ?? "");
        }
    }

    // Events are de-duplicated by sender + CreateTime + event, so two taps in one second would count as one retried
    // push; each simulated action gets its own second.
    private long NextCreateTime(string openId, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        return _lastCreateTime.AddOrUpdate(openId, seconds, (_, last) => Math.Max(seconds, last + 1));
    }

    private long NextMsgId() => Interlocked.Increment(ref _msgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated push failed: {Error}")]
    private partial void LogPushFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated push refused by /api/wechat with HTTP {Status}")]
    private partial void LogPushRefused(int status);
}
