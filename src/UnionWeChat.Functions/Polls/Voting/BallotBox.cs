using System.Globalization;
using Azure.Data.Tables;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Ballots in table <c>ballots</c>. A poll's ballots are spread over <see cref="Poll.Partitions"/> partitions
/// (PK = "{pollId}-{nn}") by an HMAC of the member; each partition also holds a few counter rows (RK "~cNN").
/// A ballot is cast in one entity-group transaction: insert the ballot row (fails if the member already has one)
/// and update one counter row with its ETag. Both happen or neither, so the counters always equal the ballots —
/// whatever the channel, however many concurrent attempts, and even when a lost answer makes storage retry.
/// https://learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions
/// </summary>
public sealed partial class BallotBox(AppTables tables, TimeProvider time, ILogger<BallotBox> logger)
{
    public const string TableName = TableRegistry.Ballots;
    private const int MaxRounds = 25;

    public async Task<BallotOutcome> CastAsync(
        Poll poll, Member? member, string openId, IReadOnlyList<int> choices, BallotChannel channel, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!poll.AcceptsBallotsAt(now))
        {
            return new BallotOutcome(poll.HasEndedAt(now) ? BallotResult.Closed : BallotResult.NotOpen);
        }
        if (!poll.Audience.Includes(member))
        {
            return new BallotOutcome(BallotResult.NotInAudience);
        }
        CheckChoices(poll, choices);

        var keys = BallotKeys.For(poll, openId);
        // Normal retries, even in the chat: a ballot that outlasts the reply budget is still cast and its receipt
        // goes out as a custom message, which beats telling a member in a burst "busy, try again".
        var table = await tables.OpenAsync(TableName, ct);
        var attempt = Guid.NewGuid().ToString("N");
        var ballot = new TableEntity(keys.PartitionKey, keys.RowKey)
        {
            ["Choices"] = string.Join(',', choices.Select(c => c.ToString(CultureInfo.InvariantCulture))),
            ["Channel"] = channel.ToString(),
            ["CastAt"] = now,
            // Tells our own retried transaction (its first answer lost) apart from an earlier ballot.
            ["Attempt"] = attempt,
        };

        for (var round = 0; round < MaxRounds; round++)
        {
            var counterRow = BallotKeys.CounterRow(Random.Shared.Next(poll.CountersPerPartition));
            var counter = await table.GetAsync(keys.PartitionKey, counterRow, ct);
            var counterAction = counter is null
                ? new TableTransactionAction(TableTransactionActionType.Add, Counted(keys.PartitionKey, counterRow, null, choices))
                : new TableTransactionAction(TableTransactionActionType.UpdateMerge, Counted(keys.PartitionKey, counterRow, counter, choices), counter.ETag);
            var result = await table.SubmitAsync([new(TableTransactionActionType.Add, ballot), counterAction], ct);
            if (result.Succeeded)
            {
                return new BallotOutcome(BallotResult.Accepted, keys.Receipt);
            }
            if (result.FailedIndex is 0 or null && result.FailedStatus == 409)
            {
                // The ballot row exists (or, index unknown, might): whose is it?
                var existing = await table.GetAsync(keys.PartitionKey, keys.RowKey, ct);
                if (existing is not null)
                {
                    return new BallotOutcome(existing.GetString("Attempt") == attempt ? BallotResult.Accepted : BallotResult.AlreadyVoted, keys.Receipt);
                }
            }
            else if (result.FailedStatus is not (409 or 412))
            {
                throw new TableStorageException(result.FailedStatus ?? 500, result.ErrorCode, $"Casting a ballot failed: {result.ErrorCode}");
            }
            // Another ballot moved the counter first: read it again (another row, maybe) after a short, growing pause.
            LogCounterRace(round);
            if (round > 2)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * round)), time, ct);
            }
        }
        throw new InvalidOperationException($"ballot counters of poll {poll.Id} stayed contended for {MaxRounds} rounds");
    }

    /// <summary>The member's receipt code if they have a ballot in this poll, else null (one point read).</summary>
    public async Task<string?> ReceiptIfVotedAsync(Poll poll, string openId, CancellationToken ct)
    {
        var keys = BallotKeys.For(poll, openId);
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var existing = await table.GetAsync(keys.PartitionKey, keys.RowKey, ct);
        return existing is null ? null : keys.Receipt;
    }

    public static string OptionColumn(int number) => "O" + number.ToString(CultureInfo.InvariantCulture);

    private static TableEntity Counted(string partitionKey, string rowKey, TableEntity? current, IReadOnlyList<int> choices)
    {
        var next = new TableEntity(partitionKey, rowKey) { ["Voters"] = (current?.GetInt64("Voters") ?? 0) + 1 };
        foreach (var choice in choices)
        {
            var column = OptionColumn(choice);
            next[column] = (current?.GetInt64(column) ?? 0) + 1;
        }
        return next;
    }

    private static void CheckChoices(Poll poll, IReadOnlyList<int> choices)
    {
        // The parsers already said why to the member; getting here with bad choices is a bug, not bad input.
        if (choices.Count < 1 || choices.Count > poll.MaxChoices || choices.Distinct().Count() != choices.Count
            || choices.Any(c => c < 1 || c > poll.Options.Count))
        {
            throw new ArgumentException("choices do not fit the poll", nameof(choices));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ballot counter race, round {Round}")]
    private partial void LogCounterRace(int round);
}
