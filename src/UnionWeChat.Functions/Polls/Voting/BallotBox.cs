using System.Globalization;
using Azure.Data.Tables;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Platform.Storage;
using UnionWeChat.Functions.Platform.Storage.Tables;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Ballots in table <c>ballots</c>. A poll's ballots are spread over <see cref="Poll.Partitions"/> partitions
/// (PK = "{pollId}-{nn}") by an HMAC of the member. Casting is one insert-if-absent of the member's ballot row: the
/// row is the record and the only write, and the tally is a count of the rows (<see cref="TallyReader"/>), so there
/// is nothing else to keep in step with the ballots and no counter for concurrent voters to race on.
/// </summary>
public sealed class BallotBox(AppTables tables, TimeProvider time)
{
    public const string TableName = TableRegistry.Ballots;

    /// <summary>
    /// Casts the member's ballot. <paramref name="attempt"/> is the caller's idempotency key, stored with the ballot:
    /// when the insert meets an existing row (409) carrying the same key, the row is ours — storage retried a write
    /// whose answer was lost, or the same chat push is being handled again — and the ballot counts as accepted.
    /// </summary>
    public async Task<BallotOutcome> CastAsync(
        Poll poll, Member? member, string openId, IReadOnlyList<int> choices, BallotChannel channel, string attempt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(attempt);
        var now = time.GetUtcNow();
        if (!poll.AcceptsBallotsAt(now))
        {
            if (!poll.HasEndedAt(now))
            {
                return new BallotOutcome(BallotResult.NotOpen);
            }
            // A retry of a ballot cast just before the close is still that ballot: told 投票成功, not 投票已结束.
            var closedKeys = BallotKeys.For(poll, openId);
            var (_, ours) = await ReadAsync(await tables.OpenAsync(TableName, ct), closedKeys, attempt, ct);
            return ours ? new BallotOutcome(BallotResult.Accepted, closedKeys.Receipt, Again: true) : new BallotOutcome(BallotResult.Closed);
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
        var added = await table.AddAsync(new TableEntity(keys.PartitionKey, keys.RowKey)
        {
            ["Choices"] = string.Join(',', choices.Select(c => c.ToString(CultureInfo.InvariantCulture))),
            ["Channel"] = channel.ToString(),
            ["CastAt"] = now,
            ["Attempt"] = attempt,
        }, ct);
        if (added.Added)
        {
            return new BallotOutcome(BallotResult.Accepted, keys.Receipt);
        }
        // Ballots are never deleted, so the row that refused ours is there to read: whose is it?
        var (existing, own) = await ReadAsync(table, keys, attempt, ct);
        if (existing is null)
        {
            throw new InvalidOperationException($"a ballot of poll {poll.Id} conflicted but could not be read back");
        }
        return own
            ? new BallotOutcome(BallotResult.Accepted, keys.Receipt, Again: true)
            : new BallotOutcome(BallotResult.AlreadyVoted, keys.Receipt);
    }

    /// <summary>The member's ballot row (null: none), and whether it carries <paramref name="attempt"/>'s key.</summary>
    private static async Task<(TableEntity? Row, bool Ours)> ReadAsync(TableClient table, BallotKeys keys, string attempt, CancellationToken ct)
    {
        var existing = await table.GetAsync(keys.PartitionKey, keys.RowKey, ct);
        return (existing, existing?.GetString("Attempt") == attempt);
    }

    /// <summary>The member's receipt code if they have a ballot in this poll, else null (one point read).</summary>
    public async Task<string?> ReceiptIfVotedAsync(Poll poll, string openId, CancellationToken ct)
    {
        var keys = BallotKeys.For(poll, openId);
        var table = await tables.OpenForReplyAsync(TableName, ct);
        var existing = await table.GetAsync(keys.PartitionKey, keys.RowKey, ct);
        return existing is null ? null : keys.Receipt;
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
}
