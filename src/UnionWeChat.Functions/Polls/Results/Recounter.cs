using Azure.Data.Tables;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Counts a poll again from its ballot rows, whole rows this time (an audit, and after close), and compares with a
/// fresh tally. The tally is itself a count of the same rows, so the two must agree whenever no ballot arrives
/// between them; this is kept as a second, separate reading so a mistake in the tally's query or arithmetic shows.
/// </summary>
public sealed class Recounter(AppTables tables, TallyReader tallies, TimeProvider time)
{
    public async Task<RecountResult> RecountAsync(Poll poll, CancellationToken ct)
    {
        var table = await tables.OpenAsync(BallotBox.TableName, ct);
        var tally = await tallies.ReadAsync(poll, ct);
        var perPartition = await Task.WhenAll(Enumerable.Range(0, poll.Partitions).Select(async p =>
        {
            var counts = new long[poll.Options.Count];
            var ballots = 0L;
            var malformed = 0L;
            var filter = TableFilter.Create($"PartitionKey eq {BallotKeys.PartitionOf(poll, p)} and RowKey lt {BallotKeys.CounterPrefix}");
            await foreach (var row in table.QueryAsync(filter, ct: ct))
            {
                ballots++;
                var choices = ChoiceParser.Parse(row.GetString("Choices"), poll.Options.Count, poll.MaxChoices);
                if (!choices.Ok)
                {
                    malformed++;
                    continue;
                }
                foreach (var c in choices.Choices)
                {
                    counts[c - 1]++;
                }
            }
            return (counts, ballots, malformed);
        }));
        var total = new long[poll.Options.Count];
        foreach (var (counts, _, _) in perPartition)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += counts[i];
            }
        }
        var ballotsTotal = perPartition.Sum(p => p.ballots);
        return new RecountResult(
            poll.Id, total, ballotsTotal, perPartition.Sum(p => p.malformed), tally.Counts, tally.Voters,
            Matches: ballotsTotal == tally.Voters && total.SequenceEqual(tally.Counts),
            time.GetUtcNow());
    }
}

/// <summary>A recount from the ballots beside the tally; <see cref="Matches"/> when they agree exactly.</summary>
public sealed record RecountResult(
    string PollId,
    IReadOnlyList<long> Counts,
    long Ballots,
    long Unreadable,
    IReadOnlyList<long> TallyCounts,
    long TallyVoters,
    bool Matches,
    DateTimeOffset CountedAt);
