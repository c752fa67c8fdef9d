using System.Text.RegularExpressions;
using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Routes each message: follow/unfollow and job events to their features; "取消" and timeouts end a dialog;
/// a command word or menu key starts its feature (asking first when another dialog is open); otherwise the open
/// dialog continues; otherwise the keyword answers and the menu help.
/// </summary>
public sealed partial class MessageRouter(
    IEnumerable<IChatFeature> features,
    IEnumerable<IEventFeature> eventFeatures,
    IFallbackAnswer fallback,
    MemberStore members,
    DialogStore dialogs,
    ConversationOptions options,
    TimeProvider time,
    ILogger<MessageRouter> logger) : IMessageRouter
{
    private const string PendingFlow = "switch";
    private static readonly string[] CancelWords = ["取消", "退出", "cancel"];

    public async Task<Reply?> RouteAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (!Member.IsOpenId(message.FromUserName))
        {
            LogOddSender();
            return null;
        }

        var now = time.GetUtcNow();
        if (message is EventMessage ev && eventFeatures.FirstOrDefault(f => f.Handles(ev)) is { } eventFeature)
        {
            return await eventFeature.HandleAsync(new ChatContext(message, null, null, now), cancellationToken);
        }

        // Two independent point reads, made together: storage round trips are most of a message's time.
        var memberRead = members.GetAsync(message.FromUserName, cancellationToken);
        var dialogRead = dialogs.GetAsync(message.FromUserName, cancellationToken);
        await Task.WhenAll(memberRead, dialogRead);
        var member = await memberRead;
        var dialog = await dialogRead;
        var readETag = dialog?.ETag;

        var isMessage = message is not EventMessage;
        if (isMessage || message is ClickEvent)
        {
            // Written only when it changes what the customer-service window rules see (see MemberStore).
            member = await members.RecordInteractionAsync(member, message.FromUserName, isMessage ? InteractionKind.UserMessage : InteractionKind.MenuClick, cancellationToken);
        }

        var timedOut = dialog is not null && now - dialog.UpdatedAt > options.DialogTimeout;
        if (timedOut)
        {
            dialog = null;
        }
        var chat = new ChatContext(message, member, dialog, now);
        if (timedOut)
        {
            chat.EndDialog();
        }

        var reply = await DecideAsync(chat, cancellationToken);
        if (chat.DialogChanged)
        {
            var saved = chat.Dialog is null
                ? await dialogs.ClearIfUnchangedAsync(chat.OpenId, readETag, cancellationToken)
                : await dialogs.SaveIfUnchangedAsync(chat.OpenId, chat.Dialog, readETag, cancellationToken);
            if (!saved)
            {
                // Another message of this worker changed the dialog meanwhile: this answer was decided on a stale
                // step, so it is not given; the worker says it again and it lands on the current step.
                LogDialogConflict();
                return new TextReply(PushHandler.BusyText);
            }
        }
        if (timedOut && reply is TextReply text)
        {
            reply = new TextReply(ChatTexts.TimedOut + "\n\n" + text.Content);
        }
        return reply;
    }

    private async Task<Reply?> DecideAsync(ChatContext chat, CancellationToken ct)
    {
        var dialog = chat.Dialog;
        if (chat.Text is { } text && CancelWords.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            chat.EndDialog();
            return new TextReply(dialog is null ? ChatTexts.Nothing : ChatTexts.Cancelled);
        }

        if (dialog?.Flow == PendingFlow)
        {
            return await ResolveSwitchAsync(chat, dialog, ct);
        }

        if (FindCommand(chat) is { } found)
        {
            if (dialog is not null && !found.Feature.Flows.Contains(dialog.Flow))
            {
                var pending = DialogState.Start(PendingFlow, "confirm", chat.Now)
                    .With("confirm", "command", found.Command.Name)
                    .With("confirm", "argument", found.Argument)
                    .With("confirm", "previous", Serialize(dialog));
                chat.Continue(pending);
                return new TextReply(ChatTexts.AskSwitch(FlowTitle(dialog.Flow), found.Command.Heading));
            }
            return await found.Feature.StartAsync(chat, found.Command, found.Argument, ct);
        }

        if (dialog is not null && features.FirstOrDefault(f => f.Flows.Contains(dialog.Flow)) is { } owner)
        {
            return await owner.ContinueAsync(chat, dialog, ct);
        }

        return chat.Text is null && chat.Message is EventMessage ? null : await fallback.AnswerAsync(chat, ct);
    }

    private async Task<Reply?> ResolveSwitchAsync(ChatContext chat, DialogState pending, CancellationToken ct)
    {
        var previous = Deserialize(pending["previous"], chat.Now);
        if (chat.Text == ChatTexts.ConfirmWord
            && features.SelectMany(f => f.Commands.Select(c => (Feature: f, Command: c))).FirstOrDefault(x => x.Command.Name == pending["command"]) is { Feature: not null } target)
        {
            chat.EndDialog();
            return await target.Feature.StartAsync(chat, target.Command, pending["argument"] ?? "", ct);
        }
        // Anything else: back to the dialog they were in, treating this message as its next answer.
        if (previous is null)
        {
            chat.EndDialog();
            return await fallback.AnswerAsync(chat, ct);
        }
        chat.Continue(previous);
        var owner = features.First(f => f.Flows.Contains(previous.Flow));
        return await owner.ContinueAsync(chat, previous, ct);
    }

    private (IChatFeature Feature, ChatCommand Command, string Argument)? FindCommand(ChatContext chat)
    {
        foreach (var feature in features)
        {
            foreach (var command in feature.Commands)
            {
                if (chat.Message is ClickEvent click && command.MenuKey is not null && click.EventKey == command.MenuKey)
                {
                    return (feature, command, "");
                }
                if (chat.Text is { } text)
                {
                    foreach (var word in command.Words)
                    {
                        if (text.Equals(word, StringComparison.OrdinalIgnoreCase))
                        {
                            return (feature, command, "");
                        }
                        if (text.StartsWith(word + " ", StringComparison.OrdinalIgnoreCase))
                        {
                            return (feature, command, text[(word.Length + 1)..].Trim());
                        }
                    }
                }
            }
        }
        return null;
    }

    private string FlowTitle(string flow) =>
        features.SelectMany(f => f.Commands).FirstOrDefault(c => c.Name == flow)?.Heading ?? flow;

    private static string Serialize(DialogState state) =>
        System.Text.Json.JsonSerializer.Serialize(new SavedDialog(state.Flow, state.Step, new Dictionary<string, string>(state.Answers)));

    private static DialogState? Deserialize(string? json, DateTimeOffset now)
    {
        var saved = json is null ? null : System.Text.Json.JsonSerializer.Deserialize<SavedDialog>(json);
        return saved is null ? null : new DialogState(saved.Flow, saved.Step, saved.Answers, now);
    }

    private sealed record SavedDialog(string Flow, string Step, Dictionary<string, string> Answers);

    // openids are 28 characters of [A-Za-z0-9_-]; the simulator's are similar. Anything else is not a WeChat user.

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push from a sender that is not an openid ignored")]
    private partial void LogOddSender();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dialog changed by another message meanwhile; answered busy")]
    private partial void LogDialogConflict();
}
