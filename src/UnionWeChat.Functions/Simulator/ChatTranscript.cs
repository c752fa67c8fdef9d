using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// What each simulated member's phone shows: what they did, the account's passive replies, and every message the
/// account sent them later through the API stand-in (custom, template, mass). Kept in memory for the app's run.
/// </summary>
public sealed class ChatTranscript : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<ChatEntry>> _byMember = new(StringComparer.Ordinal);
    private readonly WeChatApiStandIn _standIn;
    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private long _lastId;

    public ChatTranscript(WeChatApiStandIn standIn, SimulatorOptions options, TimeProvider time)
    {
        _standIn = standIn;
        _options = options;
        _time = time;
        _standIn.MessageAccepted += OnMessageAccepted;
    }

    /// <summary>Changes whenever the app restarts, so a page holding ids from an earlier run starts over.</summary>
    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Stamps <paramref name="entry"/> with the next id and the time, and keeps it under <paramref name="openId"/>.</summary>
    public ChatEntry Add(string openId, ChatEntry entry)
    {
        lock (_gate)
        {
            if (!_byMember.TryGetValue(openId, out var entries))
            {
                _byMember[openId] = entries = [];
            }
            var stamped = entry with { Id = ++_lastId, At = _time.GetUtcNow() };
            entries.Add(stamped);
            if (entries.Count > _options.MaxEntriesPerMember)
            {
                entries.RemoveRange(0, entries.Count - _options.MaxEntriesPerMember);
            }
            return stamped;
        }
    }

    /// <summary>Entries for <paramref name="openId"/> with an id above <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<ChatEntry> After(string openId, long after)
    {
        lock (_gate)
        {
            return _byMember.TryGetValue(openId, out var entries) ? entries.Where(e => e.Id > after).ToList() : [];
        }
    }

    public void Dispose() => _standIn.MessageAccepted -= OnMessageAccepted;

    private void OnMessageAccepted(object? sender, StandInMessage message) => Add(message.OpenId, ChatEntries.FromStandIn(message));
}
