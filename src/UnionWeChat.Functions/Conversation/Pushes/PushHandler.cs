using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Answers one verified push within WeChat's 5-second window, exactly once per message:
/// claim it in the <see cref="PushLedger"/>, run the router under the reply budget, store and return the reply.
/// A handler that outruns the budget is answered "success" and its reply is delivered later as a custom message.
/// A retry of a push someone else is handling waits for that answer, up to the budget.
/// </summary>
public sealed partial class PushHandler(
    PushLedger ledger,
    AppTables tables,
    IMessageRouter router,
    LateReplies lateReplies,
    WeChatOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<PushHandler> logger)
{
    public const string Success = "success";

    /// <summary>Said when storage cannot be reached: WeChat then shows the worker something instead of an error.</summary>
    public const string BusyText = "系统繁忙，请稍后再试。";

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns the plaintext reply XML, or "success".</summary>
    public async Task<string> HandleAsync(IncomingMessage message, CancellationToken requestAborted)
    {
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(options.ReplyBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, requestAborted);
        var key = message.DedupeKey;

        bool claimed;
        try
        {
            claimed = await ledger.TryClaimAsync(key, linked.Token);
        }
        catch (Exception ex) when (ex is TableStorageException or OperationCanceledException)
        {
            LogStorageDown(ex.GetType().Name);
            if (ex is TableStorageException missing && AppTables.IsTableMissing(missing))
            {
                tables.ForgetCreatedTables();
            }
            return Write(new TextReply(BusyText), message);
        }

        if (!claimed)
        {
            LogRetry(message.MsgType);
            return await WaitForOutcomeAsync(key, linked.Token) ?? Success;
        }

        // The handler runs on the app's lifetime, not the request's: if WeChat hangs up, the work still finishes.
        var work = RouteAsync(message);
        var remaining = options.ReplyBudget - time.GetElapsedTime(started);
        var finished = remaining > TimeSpan.Zero
            ? await Task.WhenAny(work, Task.Delay(remaining, time, requestAborted).ContinueWith(_ => (Reply?)null, TaskScheduler.Default))
            : null;

        if (finished != work)
        {
            LogOverBudget(message.MsgType);
            lateReplies.Deliver(message.FromUserName, key, work);
            return Success;
        }

        var reply = await work;
        var xml = reply is null ? null : Write(reply, message);
        try
        {
            await ledger.CompleteAsync(key, new PushOutcome(xml, DeliveredLater: false), lifetime.ApplicationStopping);
        }
        catch (TableStorageException ex)
        {
            // The reply still goes back; a retry would then answer "success" rather than run the handler again.
            LogStorageDown(ex.GetType().Name);
        }
        return xml ?? Success;
    }

    private async Task<Reply?> RouteAsync(IncomingMessage message)
    {
        await Task.Yield();
        try
        {
            return await router.RouteAsync(message, lifetime.ApplicationStopping);
        }
        catch (TableStorageException ex)
        {
            LogStorageDown(ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (AppTables.IsTableMissing(ex))
            {
                tables.ForgetCreatedTables();
            }
            return new TextReply(BusyText);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug in a feature must not leave the worker without an answer or make WeChat retry into it.
            LogHandlerFailed(ex, message.MsgType);
            return new TextReply(BusyText);
        }
    }

    private async Task<string?> WaitForOutcomeAsync(string key, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var outcome = await ledger.GetOutcomeAsync(key, ct);
                if (outcome is not null)
                {
                    return outcome.ReplyXml;
                }
                await Task.Delay(PollEvery, time, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or TableStorageException)
        {
            return null;
        }
    }

    private string Write(Reply reply, IncomingMessage to) =>
        ReplyWriter.Write(reply, toUser: to.FromUserName, fromUser: to.ToUserName, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable while answering a push ({Error}); answered busy")]
    private partial void LogStorageDown(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {MsgType} handler failed")]
    private partial void LogHandlerFailed(Exception exception, string msgType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retried {MsgType} push: not handled again")]
    private partial void LogRetry(string msgType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MsgType} handler outran the reply budget; answer goes out as a custom message")]
    private partial void LogOverBudget(string msgType);
}
