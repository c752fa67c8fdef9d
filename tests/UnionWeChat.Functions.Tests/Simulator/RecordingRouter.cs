using System.Collections.Concurrent;
using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Tests.Simulator;

/// <summary>Stands in for the app's router: keeps every message that got through /api/wechat and answers "收到 {type}".</summary>
internal sealed class RecordingRouter : IMessageRouter
{
    public ConcurrentQueue<IncomingMessage> Messages { get; } = new();

    public Task<Reply?> RouteAsync(ChatContext chat, CancellationToken cancellationToken)
    {
        var message = chat.Message;
        Messages.Enqueue(message);
        return Task.FromResult<Reply?>(new TextReply("收到 " + message.MsgType));
    }
}
