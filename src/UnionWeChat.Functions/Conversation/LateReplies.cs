using System.Collections.Concurrent;
using UnionWeChat.Functions.Outbound;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Delivers the answer of a handler that outran the reply budget as a custom (客服) message once it finishes.
/// The push was already answered "success", so the worker still gets the answer; the customer-service window is
/// open because the worker has just written to us, unless staff used up its allowance meanwhile; the messenger's
/// one window rule decides. There is no template for an answer, so outside the window it is not pushed.
/// </summary>
public sealed partial class LateReplies(MemberMessenger messenger, ILogger<LateReplies> logger)
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    /// <summary>Sends what <paramref name="work"/> returns once it finishes (null: nothing, e.g. another attempt answered the push).</summary>
    public void Deliver(string openId, Task<Reply?> work)
    {
        var delivery = DeliverAsync(openId, work);
        _pending.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _pending.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Completes when every late reply started so far has been delivered or given up on.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    private async Task DeliverAsync(string openId, Task<Reply?> work)
    {
        try
        {
            var reply = await work;
            switch (reply)
            {
                case TextReply text:
                    var report = await messenger.SendAsync(new MemberMessage(openId, text.Content, Template: null, Essential: true), CancellationToken.None);
                    if (!report.Delivered)
                    {
                        // Not delivered, or not surely: never sent twice (the push is recorded as answered later).
                        LogNotDelivered(report.Delivery, report.Send?.ErrCode ?? 0);
                    }
                    break;
                case null:
                    break;
                default:
                    LogUnsupported(reply.GetType().Name);
                    break;
            }
        }
        catch (Exception ex)
        {
            // A background continuation: nobody awaits it, so the failure is logged here or lost.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A late reply of type {ReplyType} cannot go out as a custom message")]
    private partial void LogUnsupported(string replyType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A late reply was not delivered: {Delivery} (errcode {ErrCode})")]
    private partial void LogNotDelivered(MemberDelivery delivery, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "A late reply could not be delivered")]
    private partial void LogFailed(Exception exception);
}
