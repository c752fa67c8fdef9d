using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Hands each incoming message or event to the feature that owns it. Returns the passive reply, or null for
/// "success" (nothing to say). The changes it makes to <see cref="ChatContext"/> (dialog, member) are written by the
/// push handler with the reply. It may run again for one push when that write finds the worker's row changed, so a
/// side effect outside the row must be idempotent (keyed by <see cref="ChatContext.PushKey"/> or by the dialog).
/// </summary>
public interface IMessageRouter
{
    Task<Reply?> RouteAsync(ChatContext chat, CancellationToken cancellationToken);
}
