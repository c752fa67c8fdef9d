using System.Collections.Concurrent;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// The live tally: a count of the poll's ballot rows (one range query per partition, row keys before '~', only the
/// <c>Choices</c> column, all partitions at once), reused for <see cref="PollsOptions.TallyCacheFor"/>; concurrent
/// readers of an expired tally share one read. Casting a ballot is then one insert and nothing else, and a tally is
/// a recount by construction. The price is on the reading side: a count reads every ballot of the poll, at most once
/// per TallyCacheFor on each instance that shows results — 20,000 ballots are about 20 pages of 1,000 rows (a few
/// more, split over the partitions), 100,000 about 100. Counter rows ("~c..") that older polls hold are not read.
/// </summary>
public sealed class TallyReader(AppTables tables, PollsOptions options, TimeProvider time)
{
    private static readonly string[] ChoicesOnly = ["Choices"];

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

    /// <summary>Counts the ballots now, bypassing the cache (results announcements, recounts).</summary>
    public async Task<PollTally> ReadAsync(Poll poll, CancellationToken ct)
    {
        var table = await tables.OpenAsync(BallotBox.TableName, ct);
        var countedAt = time.GetUtcNow();
        var partitions = await Task.WhenAll(Enumerable.Range(0, poll.Partitions).Select(async p =>
        {
            var counts = new long[poll.Options.Count];
            var voters = 0L;
            var filter = TableFilter.Create($"PartitionKey eq {BallotKeys.PartitionOf(poll, p)} and RowKey lt {BallotKeys.CounterPrefix}");
            await foreach (var row in table.QueryAsync(filter, ChoicesOnly, ct: ct))
            {
                // Every ballot row is a voter; one whose choices cannot be read counts for no option (the recount
                // reports it as unreadable).
                voters++;
                var choices = ChoiceParser.Parse(row.GetString("Choices"), poll.Options.Count, poll.MaxChoices);
                if (choices.Ok)
                {
                    foreach (var c in choices.Choices)
                    {
                        counts[c - 1]++;
                    }
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
