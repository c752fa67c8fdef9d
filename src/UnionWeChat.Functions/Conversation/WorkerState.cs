using Azure.Data.Tables;
using UnionWeChat.Functions.Members;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// Everything a message of one worker reads, from their one member row (<see cref="MemberRows"/>): the profile and
/// service window, the open dialog, and the answers to their last pushes. <see cref="Row"/> is the row as read
/// (null: the worker has none yet), whose ETag the write of this message's changes must match.
/// </summary>
public sealed record WorkerState(string OpenId, TableEntity? Row)
{
    public Member? Member { get; } = MemberStore.IsProfile(Row) ? MemberStore.FromEntity(Row!) : null;

    public DialogState? Dialog { get; } = Row is null ? null : DialogStore.Read(Row);

    public IReadOnlyList<PushRecord> Pushes { get; } = PushRecords.Read(Row);

    public string? ETag => Row is null ? null : Row.ETag.ToString() is { Length: > 0 } tag ? tag : null;

    public PushRecord? Find(string pushKey) => Pushes.FirstOrDefault(p => p.Key == pushKey);
}
