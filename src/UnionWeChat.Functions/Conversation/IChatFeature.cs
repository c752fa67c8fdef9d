using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>A feature workers reach from the chat: by a command word or menu key, and through its dialog flows.</summary>
public interface IChatFeature
{
    IReadOnlyList<ChatCommand> Commands { get; }

    /// <summary>Dialog flows this feature owns (the <see cref="DialogState.Flow"/> names it continues).</summary>
    IReadOnlyList<string> Flows { get; }

    Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct);

    Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="dialog"/>, stored as open, was in fact ended by a record the feature wrote elsewhere
    /// (see <see cref="ChatContext.EndDialogByRecord"/>). Asked before the router treats the dialog as open, timed
    /// out (<paramref name="timedOut"/>: it would otherwise be dropped with 超时), or to be switched from. A feature
    /// that never ends a dialog that way keeps the default.
    /// </summary>
    ValueTask<bool> EndedByRecordAsync(ChatContext chat, DialogState dialog, bool timedOut, CancellationToken ct) => ValueTask.FromResult(false);
}

/// <summary>A feature that reacts to events that are not commands (follow, unfollow, send-job reports).</summary>
public interface IEventFeature
{
    bool Handles(EventMessage message);

    Task<Reply?> HandleAsync(ChatContext chat, CancellationToken ct);
}

/// <summary>What the router says to text nobody claimed: keyword answers, then the menu help.</summary>
public interface IFallbackAnswer
{
    Task<Reply?> AnswerAsync(ChatContext chat, CancellationToken ct);
}
