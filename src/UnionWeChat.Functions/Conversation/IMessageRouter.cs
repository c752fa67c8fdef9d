using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Hands each incoming message or event to the feature that owns it. Returns the passive reply, or null for
/// "success" (nothing to say). Runs at most once per push, however often WeChat retries it.
/// </summary>
public interface IMessageRouter
{
    Task<Reply?> RouteAsync(IncomingMessage message, CancellationToken cancellationToken);
}
