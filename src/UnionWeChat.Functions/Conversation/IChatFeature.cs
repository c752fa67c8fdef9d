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
