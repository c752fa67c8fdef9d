using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Functions.Platform.Web;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Anomaly signals for staff: page ballots per source address per time window, in table <c>pollsignals</c>
/// (PK = poll id, RK = window start + a hash of the address). Nothing here blocks a ballot — a factory's shared
/// Wi-Fi looks like ballot stuffing from one address — it only tells staff where to look. The rows hold no openid
/// and no choice; the address is shown to staff with its last part hidden.
/// A ballot only counts its signal in memory (<see cref="Note"/>): the vote page's one storage write is the ballot.
/// <see cref="VoteSignalFlusher"/> adds what this instance counted to the rows every
/// <see cref="PollsOptions.SignalFlushEvery"/>, one write per address and window, and at shutdown; so another
/// instance's ballots show that much later, and an instance that dies loses its last few seconds of signals.
/// An address is written once this instance has counted two of its page ballots in the window: most members vote
/// from their own phone's address, and writing each of those lone ballots would double the storage cost of a burst
/// for rows no staff member will ever see (a signal needs at least two). The price: ballots from one address that
/// land one per instance on as many instances as the threshold are not signalled.
/// </summary>
public sealed partial class VoteSignals(AppTables tables, PollsOptions options, TimeProvider time, ILogger<VoteSignals> logger)
{
    public const string TableName = TableRegistry.PollSignals;

    /// <summary>Ballots from an address this instance has to count in a window before it writes the address.</summary>
    public const int CountedBeforeWritten = 2;

    /// <summary>Lone addresses held beyond this many are written anyway, so memory stays bounded in a huge burst.</summary>
    public const int MostHeld = 50_000;

    private readonly ConcurrentDictionary<(string PollId, string RowKey), Pending> _pending = new();

    // Addresses already written in their window: what they add later is written whatever its count.
    private readonly ConcurrentDictionary<(string PollId, string RowKey), DateTimeOffset> _written = new();

    /// <summary>Counts one page ballot (accepted, or refused as a second ballot) in memory; no storage call.</summary>
    public void Note(string pollId, string address, bool accepted)
    {
        var window = WindowStart(time.GetUtcNow());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address)), 0, 8);
        var rowKey = window.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) + "-" + hash;
        Add((pollId, rowKey), window, ClientAddress.Masked(address), accepted ? 1 : 0, accepted ? 0 : 1);
    }

    /// <summary>Adds what was noted to the rows. Failures are logged, never thrown; their counts wait for the next flush.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var current = WindowStart(time.GetUtcNow());
        foreach (var (key, end) in _written)
        {
            if (end <= current)
            {
                _written.TryRemove(key, out _);
            }
        }
        var holdLone = _pending.Count <= MostHeld;
        foreach (var (key, entry) in _pending)
        {
            var windowOver = entry.WindowStart < current;
            if (holdLone && entry.Counted < CountedBeforeWritten && !_written.ContainsKey(key))
            {
                // A lone ballot in a window still open waits for a second; once the window is over it can never
                // make a signal, so it is dropped.
                if (windowOver && _pending.TryRemove(key, out var lone))
                {
                    lone.Close();
                }
                continue;
            }
            if (!_pending.TryRemove(key, out var pending))
            {
                continue;
            }
            var (ballots, refused) = pending.Close();
            if (await WriteAsync(key.PollId, key.RowKey, pending, ballots, refused, ct))
            {
                _written[key] = pending.WindowStart + options.SignalWindow;
            }
            else
            {
                Add(key, pending.WindowStart, pending.Network, ballots, refused);
            }
        }
    }

    /// <summary>Windows in which one address cast at least <see cref="PollsOptions.SignalThreshold"/> page ballots, busiest first.</summary>
    public async Task<IReadOnlyList<VoteSignal>> ListAsync(string pollId, CancellationToken ct)
    {
        // This instance's own counts are in the rows before staff read them.
        await FlushAsync(ct);
        var table = await tables.OpenAsync(TableName, ct);
        var list = new List<VoteSignal>();
        await foreach (var e in table.QueryAsync(TableFilter.Create($"PartitionKey eq {pollId} and Ballots ge {options.SignalThreshold}"), ct: ct))
        {
            var start = e.GetDateTimeOffset("WindowStart") ?? default;
            list.Add(new VoteSignal(start, start + options.SignalWindow, e.GetString("Network") ?? "unknown",
                e.GetInt32("Ballots") ?? 0, e.GetInt32("Refused") ?? 0));
        }
        return list.OrderByDescending(s => s.Ballots).ThenBy(s => s.WindowStart).ToList();
    }

    private void Add((string PollId, string RowKey) key, DateTimeOffset window, string network, int ballots, int refused)
    {
        // A flush may take the entry between our lookup and our add: then it is closed, and we start a new one.
        while (!_pending.GetOrAdd(key, _ => new Pending(window, network)).TryAdd(ballots, refused))
        {
        }
    }

    private async Task<bool> WriteAsync(string pollId, string rowKey, Pending pending, int ballots, int refused, CancellationToken ct)
    {
        try
        {
            var table = await tables.OpenAsync(TableName, ct);
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var current = await table.GetAsync(pollId, rowKey, ct);
                if (current is null)
                {
                    var added = await table.AddAsync(new TableEntity(pollId, rowKey)
                    {
                        ["WindowStart"] = pending.WindowStart,
                        ["Network"] = pending.Network,
                        ["Ballots"] = ballots,
                        ["Refused"] = refused,
                    }, ct);
                    if (added.Added)
                    {
                        return true;
                    }
                    continue;
                }
                var next = new TableEntity(pollId, rowKey)
                {
                    ["Ballots"] = (current.GetInt32("Ballots") ?? 0) + ballots,
                    ["Refused"] = (current.GetInt32("Refused") ?? 0) + refused,
                };
                if ((await table.UpdateAsync(next, current.ETagText()!, TableUpdateMode.Merge, ct)).Succeeded)
                {
                    return true;
                }
            }
            LogGaveUp(pollId);
        }
        catch (TableStorageException ex)
        {
            // A signal is worth less than the ballot it describes: never fail anything for it.
            LogFailed(ex, pollId);
        }
        return false;
    }

    private DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var ticks = options.SignalWindow.Ticks;
        return new DateTimeOffset(now.UtcTicks / ticks * ticks, TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vote signal for poll {PollId} not recorded: the row kept changing")]
    private partial void LogGaveUp(string pollId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vote signal for poll {PollId} not recorded")]
    private partial void LogFailed(Exception exception, string pollId);

    /// <summary>Counts of one address and window not yet written; closed once a flush has taken them.</summary>
    private sealed class Pending(DateTimeOffset windowStart, string network)
    {
        private readonly Lock _lock = new();
        private int _ballots;
        private int _refused;
        private bool _closed;

        public DateTimeOffset WindowStart { get; } = windowStart;

        public string Network { get; } = network;

        public int Counted
        {
            get
            {
                lock (_lock)
                {
                    return _ballots + _refused;
                }
            }
        }

        public bool TryAdd(int ballots, int refused)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return false;
                }
                _ballots += ballots;
                _refused += refused;
                return true;
            }
        }

        public (int Ballots, int Refused) Close()
        {
            lock (_lock)
            {
                _closed = true;
                return (_ballots, _refused);
            }
        }
    }
}

/// <summary>Many page ballots from one address (shown masked) within one window.</summary>
public sealed record VoteSignal(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string Network, int Ballots, int Refused);
