using System.Collections.Concurrent;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Delivers the answer of a handler that outran the reply budget as a custom (客服) message once it finishes.
/// The push was already answered "success", so the worker still gets the answer; the customer-service window is
/// open because the worker has just written to us.
/// </summary>
public sealed partial class LateReplies(WeChatApiClient api, PushLedger ledger, ILogger<LateReplies> logger)
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    public void Deliver(string openId, string dedupeKey, Task<Reply?> work)
    {
        var delivery = DeliverAsync(openId, dedupeKey, work);
        _pending.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Completes when every late reply started so far has been delivered or given up on.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    private async Task DeliverAsync(string openId, string dedupeKey, Task<Reply?> work)
    {
        try
        {
            var reply = await work;
            switch (reply)
            {
                case TextReply text:
                    await api.SendCustomTextAsync(openId, text.Content, CancellationToken.None);
                    break;
                case null:
                    break;
                default:
                    LogUnsupported(reply.GetType().Name);
                    break;
            }
            await ledger.CompleteAsync(dedupeKey, new PushOutcome(null, DeliveredLater: true), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A background continuation: nobody awaits it, so the failure is logged here or lost.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A late reply of type {ReplyType} cannot go out as a custom message")]
    private partial void LogUnsupported(string replyType);

    [LoggerMessage(Level = LogLevel.Error, Message = "A late reply could not be delivered")]
    private partial void LogFailed(Exception exception);
}
