using System.Text.RegularExpressions;
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
    ConversationOptions options) : IMessageRouter
{
    private const string PendingFlow = "switch";
    private static readonly string[] CancelWords = ["取消", "退出", "cancel"];

    public async Task<Reply?> RouteAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var message = chat.Message;
        if (message is EventMessage ev && eventFeatures.FirstOrDefault(f => f.Handles(ev)) is { } eventFeature)
        {
            return await eventFeature.HandleAsync(chat, cancellationToken);
        }

        var isMessage = message is not EventMessage;
        if (isMessage || message is ClickEvent)
        {
            // The worker wrote or tapped: WeChat's customer-service window opens again. Written with the reply.
            var kind = isMessage ? InteractionKind.UserMessage : InteractionKind.MenuClick;
            chat.ChangeMember(m => m with
            {
                Following = true,
                LastInteractionAt = chat.Now,
                LastInteractionKind = kind,
                CustomSentSinceInteraction = 0,
            });
        }

        var timedOut = chat.Dialog is not null && chat.Now - chat.Dialog.UpdatedAt > options.DialogTimeout;
        if (chat.Dialog is { } open && OwnerOf(open.Flow) is { } owner
            && await owner.EndedByRecordAsync(chat, open, timedOut, cancellationToken))
        {
            // Over already (a chat ballot ends its dialog without writing the row): nothing to cancel, time out or
            // switch from, and this message's write drops it.
            chat.EndDialog();
            timedOut = false;
        }
        if (timedOut)
        {
            chat.EndDialog();
        }

        var reply = await DecideAsync(chat, cancellationToken);
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

        if (dialog is not null && OwnerOf(dialog.Flow) is { } owner)
        {
            return await owner.ContinueAsync(chat, dialog, ct);
        }

        return chat.Text is null && chat.Message is EventMessage ? null : await fallback.AnswerAsync(chat, ct);
    }

    private async Task<Reply?> ResolveSwitchAsync(ChatContext chat, DialogState pending, CancellationToken ct)
    {
        var previous = Deserialize(pending["previous"], chat.Now);
        if (previous is not null && OwnerOf(previous.Flow) is { } previousOwner && await previousOwner.EndedByRecordAsync(chat, previous, false, ct))
        {
            // The dialog asked about ended meanwhile (a ballot that landed just after the question): nothing to go back to.
            previous = null;
        }
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
        var owner = OwnerOf(previous.Flow) ?? throw new InvalidOperationException($"no feature continues the {previous.Flow} flow");
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

    private IChatFeature? OwnerOf(string flow) => features.FirstOrDefault(f => f.Flows.Contains(flow));

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
}
