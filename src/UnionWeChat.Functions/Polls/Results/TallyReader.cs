using System.Collections.Concurrent;
using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The live tally: the sum of a poll's counter rows (partitions × counters, a few dozen rows read with one range
/// query per partition), reused for <see cref="PollsOptions.TallyCacheFor"/>. A page view never reads ballots,
/// however many there are; concurrent readers of an expired tally share one read.
/// </summary>
public sealed class TallyReader(AppTables tables, PollsOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CachedRead> _cache = new(StringComparer.Ordinal);

    public async Task<PollTally> GetAsync(Poll poll, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // A read still under way is shared however old; a finished one is reused while it is young enough.
        var entry = _cache.AddOrUpdate(
            poll.Id,
            _ => new CachedRead(new Lazy<Task<PollTally>>(() => ReadAsync(poll, CancellationToken.None)), now),
            (_, existing) => existing.Read.IsValueCreated && existing.Read.Value.IsCompleted && now - existing.StartedAt > options.TallyCacheFor
                ? new CachedRead(new Lazy<Task<PollTally>>(() => ReadAsync(poll, CancellationToken.None)), now)
                : existing);
        try
        {
            var tally = await entry.Read.Value.WaitAsync(ct);
            return tally with { AudienceSize = poll.AudienceSize };
        }
        catch (TableStorageException)
        {
            _cache.TryRemove(KeyValuePair.Create(poll.Id, entry));
            throw;
        }
    }

    /// <summary>Reads the counters now, bypassing the cache (results announcements, recounts).</summary>
    public async Task<PollTally> ReadAsync(Poll poll, CancellationToken ct)
    {
        var table = await tables.OpenAsync(BallotBox.TableName, ct);
        var countedAt = time.GetUtcNow();
        var partitions = await Task.WhenAll(Enumerable.Range(0, poll.Partitions).Select(async p =>
        {
            var counts = new long[poll.Options.Count];
            var voters = 0L;
            var filter = TableFilter.Create($"PartitionKey eq {BallotKeys.PartitionOf(poll, p)} and RowKey ge {BallotKeys.CounterPrefix}");
            await foreach (var row in table.QueryAsync(filter, ct: ct))
            {
                voters += row.GetInt64("Voters") ?? 0;
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += row.GetInt64(BallotBox.OptionColumn(i + 1)) ?? 0;
                }
            }
            return (counts, voters);
        }));
        var total = new long[poll.Options.Count];
        foreach (var (counts, _) in partitions)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }
        return new PollTally(poll.Id, total, partitions.Sum(p => p.voters), poll.AudienceSize, countedAt);
    }

    private sealed record CachedRead(Lazy<Task<PollTally>> Read, DateTimeOffset StartedAt);
}
