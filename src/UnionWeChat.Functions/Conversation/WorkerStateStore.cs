using Azure.Data.Tables;
using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Reads a worker's state for a message and writes what the message changed, in one conditional write of their
/// member row: the push's record with its reply, the dialog's next step, the service window (the worker just wrote),
/// profile changes. The write carries the ETag of the row the message was decided on, so a concurrent message or a
/// retry of the same push that got there first makes it fail instead of being overwritten.
/// </summary>
public sealed class WorkerStateStore(MemberRows rows)
{
    public async Task<WorkerState> ReadAsync(string openId, bool fresh, CancellationToken ct) =>
        new(openId, await rows.ReadAsync(openId, fresh, ct));

    /// <summary>
    /// Writes the message's changes over <paramref name="read"/>. <see cref="CommitResult.Committed"/>: written (also
    /// when our own write's answer was lost and the retry met it). <see cref="CommitResult.Handled"/>: this push was
    /// answered by another attempt meanwhile (its record is returned). <see cref="CommitResult.Changed"/>: the row
    /// changed; decide again on <see cref="CommitOutcome.Fresh"/>.
    /// </summary>
    public async Task<CommitOutcome> CommitAsync(WorkerState read, ChatContext chat, PushRecord push, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(push);
        var row = read.Row is null ? new TableEntity(read.OpenId, read.OpenId) : new TableEntity(read.Row);
        if (chat.MemberReset)
        {
            foreach (var column in row.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")).ToList())
            {
                row.Remove(column);
            }
        }
        if (chat.MemberChanged && chat.Member is { } member)
        {
            MemberStore.WriteTo(member, row);
        }
        if (chat.DialogChanged || chat.MemberReset)
        {
            DialogStore.WriteTo(chat.Dialog, row);
        }
        PushRecords.Write(row, chat.MemberReset ? [] : read.Pushes, push, chat.Now);

        if (await rows.TryWriteAsync(row, read.ETag, ct) is not null)
        {
            return new CommitOutcome(CommitResult.Committed, null, null);
        }
        var fresh = await ReadAsync(read.OpenId, fresh: true, ct);
        return fresh.Find(push.Key) is { } found
            ? new CommitOutcome(found.Claim == push.Claim ? CommitResult.Committed : CommitResult.Handled, found, fresh)
            : new CommitOutcome(CommitResult.Changed, null, fresh);
    }
}

public enum CommitResult
{
    Committed,
    Handled,
    Changed,
}

/// <param name="Record">The push's record when another attempt answered it.</param>
/// <param name="Fresh">The row as it now is, when the write found it changed.</param>
public sealed record CommitOutcome(CommitResult Result, PushRecord? Record, WorkerState? Fresh);
