using System.Text.Json.Nodes;

namespace UnionWeChat.WeChat.Simulator;

/// <summary>
/// A stand-in for WeChat's API servers: the state behind <see cref="WeChatApiStandInEndpoints.MapWeChatApiStandIn"/>.
/// It answers like WeChat per the official-account docs (tokens, body checks, follower and service-window rules,
/// quotas, de-duplication), records what it accepted, and takes injected faults for tests.
/// One instance per app (singleton); every member is thread-safe.
/// </summary>
public sealed partial class WeChatApiStandIn
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<StandInMessage> _sent = [];
    private readonly Dictionary<string, List<StandInMessage>> _sentByOpenId = new(StringComparer.Ordinal);
    private long _nextId = 1_000_000_001;

    /// <summary>Creates the stand-in with its settings and clock.</summary>
    public WeChatApiStandIn(WeChatApiStandInOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new WeChatApiStandInOptions();
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised after a message is accepted for a member (outside the stand-in's lock).</summary>
    public event EventHandler<StandInMessage>? MessageAccepted;

    /// <summary>The settings it was created with.</summary>
    public WeChatApiStandInOptions Options { get; }

    /// <summary>The clock it judges expiry and windows by.</summary>
    public TimeProvider Time { get; }

    /// <summary>Requests received on <paramref name="path"/> (e.g. <c>/cgi-bin/stable_token</c>), faulted ones included.</summary>
    public int CallCount(string path)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(path);
        }
    }

    /// <summary>Every message accepted for <paramref name="openId"/>, oldest first.</summary>
    public IReadOnlyList<StandInMessage> MessagesFor(string openId)
    {
        lock (_gate)
        {
            return _sentByOpenId.TryGetValue(openId, out var list) ? list.ToList() : [];
        }
    }

    /// <summary>Every message accepted, oldest first, with its channel.</summary>
    public IReadOnlyList<StandInMessage> Sends
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToList();
            }
        }
    }

    internal void CountCall(string path)
    {
        lock (_gate)
        {
            _calls[path] = _calls.GetValueOrDefault(path) + 1;
        }
    }

    // Callers hold _gate.
    private long NextId() => _nextId++;

    // Callers hold _gate; the returned messages are announced after the lock is released.
    private StandInMessage Record(List<StandInMessage> accepted, long id, SendChannel channel, string openId, string msgType, string? text, string bodyJson)
    {
        var message = new StandInMessage(id, channel, openId, msgType, text, bodyJson, Time.GetUtcNow());
        _sent.Add(message);
        if (!_sentByOpenId.TryGetValue(openId, out var list))
        {
            _sentByOpenId[openId] = list = [];
        }

        list.Add(message);
        accepted.Add(message);
        return message;
    }

    private JsonObject Announce(List<StandInMessage> accepted, JsonObject reply)
    {
        foreach (var message in accepted)
        {
            MessageAccepted?.Invoke(this, message);
        }

        return reply;
    }
}
