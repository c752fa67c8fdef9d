using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Polls in table <c>polls</c> (one small partition). Changes go through <see cref="ChangeAsync"/>: read, decide,
/// write with the ETag, again on a conflict. The voting paths read through a cache of a few seconds, so a burst
/// of 20,000 ballots does not read the same row 20,000 times; the window itself is checked against the clock.
/// </summary>
public sealed partial class PollStore(AppTables tables, PollsOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Poll? Poll)> _byId = new(StringComparer.Ordinal);
    private ActiveSnapshot? _active;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string NewSalt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Poll ids are 12 lowercase hex digits; anything else is not worth a storage read.</summary>
    public static bool IsPollId(string? id) => id is not null && IdPattern().IsMatch(id);

    public async Task<Poll> CreateAsync(Poll poll, CancellationToken ct)
    {
        var table = await tables.OpenAsync(PollEntities.Table, ct);
        var added = await table.AddAsync(PollEntities.ToEntity(poll), ct);
        if (!added.Added)
        {
            throw new InvalidOperationException($"poll id {poll.Id} was handed out twice");
        }
        _active = null;
        return poll with { ETag = added.ETag };
    }

    public async Task<Poll?> GetAsync(string id, CancellationToken ct)
    {
        if (!IsPollId(id))
        {
            return null;
        }
        var table = await tables.OpenAsync(PollEntities.Table, ct);
        var e = await table.GetAsync(PollEntities.Partition, id, ct);
        return e is null ? null : PollEntities.FromEntity(e);
    }

    /// <summary>A poll as the voting paths see it: at most <see cref="PollsOptions.PollCacheFor"/> old.</summary>
    public async Task<Poll?> GetForVotingAsync(string id, CancellationToken ct)
    {
        if (!IsPollId(id))
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (_byId.TryGetValue(id, out var cached) && now - cached.At < options.PollCacheFor)
        {
            return cached.Poll;
        }
        var table = await tables.OpenForReplyAsync(PollEntities.Table, ct);
        var e = await table.GetAsync(PollEntities.Partition, id, ct);
        var poll = e is null ? null : PollEntities.FromEntity(e);
        _byId[id] = (now, poll);
        return poll;
    }

    /// <summary>Every poll, newest first (one partition of a few hundred rows).</summary>
    public async Task<IReadOnlyList<Poll>> ListAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(PollEntities.Table, ct);
        var list = new List<Poll>();
        await foreach (var e in table.QueryAsync(TableFilter.PartitionKeyEquals(PollEntities.Partition), ct: ct))
        {
            list.Add(PollEntities.FromEntity(e));
        }
        return list.OrderByDescending(p => p.CreatedAt).ToList();
    }

    /// <summary>Polls that are approved and not yet closed, and closed ones with results to announce: what the timer and the chat look at.</summary>
    public async Task<IReadOnlyList<Poll>> ListActiveAsync(CancellationToken ct)
    {
        var table = await tables.OpenAsync(PollEntities.Table, ct);
        var filter = TableFilter.Create(
            $"PartitionKey eq {PollEntities.Partition} and (Status eq {nameof(PollStatus.Scheduled)} or Status eq {nameof(PollStatus.Open)} or ResultsPending eq {true})");
        var list = new List<Poll>();
        await foreach (var e in table.QueryAsync(filter, ct: ct))
        {
            list.Add(PollEntities.FromEntity(e));
        }
        return list;
    }

    /// <summary><see cref="ListActiveAsync"/> through the short cache, for the chat.</summary>
    public async Task<IReadOnlyList<Poll>> ListActiveForVotingAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_active is { } cached && now - cached.At < options.PollCacheFor)
        {
            return cached.Polls;
        }
        var polls = await ListActiveAsync(ct);
        _active = new ActiveSnapshot(now, polls);
        return polls;
    }

    /// <summary>
    /// Reads the poll, lets <paramref name="decide"/> return the changed poll (or null to leave it), and writes it if
    /// nobody changed it meanwhile; on a conflict it reads and decides again. Returns the poll as it now stands
    /// and whether this call changed it; null when there is no such poll.
    /// </summary>
    public async Task<(Poll Poll, bool Changed)?> ChangeAsync(string id, Func<Poll, Poll?> decide, CancellationToken ct)
    {
        var table = await tables.OpenAsync(PollEntities.Table, ct);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await GetAsync(id, ct);
            if (current is null)
            {
                return null;
            }
            var changed = decide(current);
            if (changed is null)
            {
                return (current, false);
            }
            var result = await table.UpdateAsync(PollEntities.ToEntity(changed), current.ETag!, TableUpdateMode.Replace, ct);
            if (result.Succeeded)
            {
                _byId.TryRemove(id, out _);
                _active = null;
                return (changed with { ETag = result.ETag }, true);
            }
        }
        throw new InvalidOperationException($"poll {id} kept changing under us");
    }

    private sealed record ActiveSnapshot(DateTimeOffset At, IReadOnlyList<Poll> Polls);

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex IdPattern();
}
