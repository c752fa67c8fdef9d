using System.Collections.Concurrent;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Answers one verified push within WeChat's 5-second window, exactly once per message. One point read of the
/// worker's member row gives the message everything it needs (often none: <see cref="MemberRows"/> keeps recent
/// rows), the router decides the answer, and one conditional write records the push, its reply and what it changed
/// (<see cref="WorkerStateStore"/>). A write that finds the row changed means another message of the worker, or
/// another attempt at this push, got there first: the push is then answered as recorded, or decided again on the
/// fresh row. A handler that outruns the budget is answered "success" and its reply goes out later as a custom
/// message, once its write has recorded it as such.
/// </summary>
public sealed partial class PushHandler(
    WorkerStateStore states,
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

    /// <summary>Decisions per push before giving up with <see cref="BusyText"/>: each further one follows a write that lost to a concurrent change.</summary>
    private const int MaxDecisions = 3;

    private readonly ConcurrentDictionary<string, Turn> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Returns the plaintext reply XML, or "success".</summary>
    public async Task<string> HandleAsync(IncomingMessage message, CancellationToken requestAborted)
    {
        if (!Member.IsOpenId(message.FromUserName))
        {
            // Not a WeChat user: nothing to answer and not worth a storage call.
            LogOddSender();
            return Success;
        }
        var started = time.GetTimestamp();
        // The same push twice at once on this instance (WeChat's retry of a slow answer) shares one handling; on
        // two instances the write decides (see WorkerStateStore).
        var flight = new Turn(PushRecord.KeyOf(message.DedupeKey), Guid.NewGuid().ToString("N"));
        var turn = _inFlight.GetOrAdd(flight.Key, flight);
        var owner = ReferenceEquals(turn, flight);
        if (owner)
        {
            _ = RunAsync(message, turn);
        }
        else
        {
            LogRetry(message.MsgType);
        }

        var work = turn.Done.Task;
        var remaining = options.ReplyBudget - time.GetElapsedTime(started);
        var finished = remaining > TimeSpan.Zero
            ? await Task.WhenAny(work, Task.Delay(remaining, time, requestAborted).ContinueWith(_ => Answer.None, TaskScheduler.Default))
            : null;
        if (finished == work)
        {
            // A joiner of a push whose owner already answered "success" says "success" too: the reply goes out once.
            return turn.Late ? Success : (await work).Xml ?? Success;
        }
        if (owner)
        {
            // Too slow: the write still to come records the push as answered later, and the reply goes as a custom message.
            turn.Late = true;
            LogOverBudget(message.MsgType);
            lateReplies.Deliver(message.FromUserName, LateReplyAsync(work));
        }
        return Success;
    }

    private async Task RunAsync(IncomingMessage message, Turn turn)
    {
        try
        {
            turn.Done.TrySetResult(await AnswerAsync(message, turn));
        }
        catch (Exception ex)
        {
            // Whoever waits for this push must still get an answer.
            LogHandlerFailed(ex, message.MsgType);
            turn.Done.TrySetResult(Busy(message));
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(turn.Key, turn));
        }
    }

    private static async Task<Reply?> LateReplyAsync(Task<Answer> work) => (await work).LateReply;

    private async Task<Answer> AnswerAsync(IncomingMessage message, Turn turn)
    {
        await Task.Yield();
        var ct = lifetime.ApplicationStopping;
        try
        {
            var state = await states.ReadAsync(message.FromUserName, fresh: false, ct);
            for (var decision = 0; decision < MaxDecisions; decision++)
            {
                if (state.Find(turn.Key) is { } answered)
                {
                    LogRetry(message.MsgType);
                    return Answer.Recorded(answered);
                }
                var chat = new ChatContext(message, state.Member, state.Dialog, time.GetUtcNow(), message.DedupeKey);
                var reply = await DecideAsync(chat, ct);
                if (reply is null && !chat.DialogChanged && !chat.MemberChanged && message is EventMessage)
                {
                    // An event nobody handles changes nothing: answered "success" with no write at all.
                    return new Answer(null, null);
                }
                var xml = reply is null ? null : Write(reply, message);
                // Read Late only now: a handler that outran the budget is recorded as answered later.
                var late = turn.Late;
                if (chat.EndedByRecord && !late && reply is not null && !chat.MemberReset && WindowStays(state, chat))
                {
                    // The feature's own record (a ballot under this push's key) is the push's record: a retry is
                    // decided again and finds it, and the dialog the row still holds is ended by the next message's
                    // write. A late answer is still written, so it is recorded as answered later.
                    return new Answer(xml, reply);
                }
                var record = new PushRecord(turn.Key, turn.Claim, late ? null : xml, late, chat.Now);
                CommitOutcome outcome;
                try
                {
                    outcome = await states.CommitAsync(state, chat, record, ct);
                }
                catch (TableStorageException ex) when (!chat.DialogChanged && !chat.MemberReset && reply is not null)
                {
                    // A plain answer (a keyword, a lookup) is still worth giving; a retry would be decided again.
                    LogStorageDown(ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return new Answer(xml, reply);
                }
                switch (outcome.Result)
                {
                    case CommitResult.Committed:
                        return new Answer(xml, reply);
                    case CommitResult.Handled:
                        LogRetry(message.MsgType);
                        return Answer.Recorded(outcome.Record!);
                }
                // The row changed since it was read (another message of this worker, staff, a stale kept copy):
                // decide again on the row as it is now.
                LogChanged(decision);
                state = outcome.Fresh!;
            }
            return Busy(message);
        }
        catch (TableStorageException ex)
        {
            LogStorageDown(ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (AppTables.IsTableMissing(ex))
            {
                tables.ForgetCreatedTables();
            }
            return Busy(message);
        }
        catch (OperationCanceledException)
        {
            return new Answer(null, null);
        }
    }

    private async Task<Reply?> DecideAsync(ChatContext chat, CancellationToken ct)
    {
        try
        {
            return await router.RouteAsync(chat, ct);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or TableStorageException))
        {
            // A bug in a feature must not leave the worker without an answer or make WeChat retry into it.
            LogHandlerFailed(ex, chat.Message.MsgType);
            return new TextReply(BusyText);
        }
    }

    /// <summary>
    /// Whether leaving the row unwritten keeps the worker's customer-service window what it is: the row's last
    /// interaction is of the same kind as this one and no custom message went out since, so the window only starts
    /// from the dialog's previous message, minutes earlier. A ballot begun from the menu (a click's short window)
    /// or one after a custom message is written as usual.
    /// </summary>
    private static bool WindowStays(WorkerState read, ChatContext chat) =>
        read.Member is { Following: true, CustomSentSinceInteraction: 0 } before
        && chat.Member is { } after
        && before.LastInteractionKind == after.LastInteractionKind;

    private Answer Busy(IncomingMessage message) => new(Write(new TextReply(BusyText), message), new TextReply(BusyText));

    /// <summary>One push's handling: its record key, its claim token, its answer, and whether the request already answered "success".</summary>
    private sealed class Turn(string key, string claim)
    {
        public string Key { get; } = key;

        public string Claim { get; } = claim;

        public TaskCompletionSource<Answer> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool Late;
    }

    /// <param name="Xml">The passive reply (null: "success").</param>
    /// <param name="LateReply">This attempt's own answer: sent as a custom message if the request has already answered "success".</param>
    private sealed record Answer(string? Xml, Reply? LateReply)
    {
        public static readonly Answer None = new(null, null);

        // Another attempt answered it: repeat its answer; never send its late reply again.
        public static Answer Recorded(PushRecord record) => new(record.Reply, null);
    }

    private string Write(Reply reply, IncomingMessage to) =>
        ReplyWriter.Write(reply, toUser: to.FromUserName, fromUser: to.ToUserName, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable while answering a push ({Error}); answered busy")]
    private partial void LogStorageDown(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {MsgType} handler failed")]
    private partial void LogHandlerFailed(Exception exception, string msgType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push from a sender that is not an openid ignored")]
    private partial void LogOddSender();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker's row changed while a push was decided (decision {Decision}); deciding again")]
    private partial void LogChanged(int decision);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retried {MsgType} push: not handled again")]
    private partial void LogRetry(string msgType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MsgType} handler outran the reply budget; answer goes out as a custom message")]
    private partial void LogOverBudget(string msgType);
}
