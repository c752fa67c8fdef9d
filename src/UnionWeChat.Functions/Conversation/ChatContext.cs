using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// One incoming message as the features see it: who sent it, their member record, their dialog, and the text.
/// A feature changes the dialog through <see cref="Continue"/> and <see cref="EndDialog"/>, and the member through
/// <see cref="ChangeMember"/> and <see cref="ResetMember"/>; the push handler writes those changes together with
/// the reply, in one write (<see cref="WorkerStateStore"/>), once the answer is decided.
/// </summary>
public sealed class ChatContext(IncomingMessage message, Member? member, DialogState? dialog, DateTimeOffset now, string? pushKey = null)
{
    public IncomingMessage Message { get; } = message;

    public string OpenId => Message.FromUserName;

    public Member? Member { get; private set; } = member;

    public DialogState? Dialog { get; private set; } = dialog;

    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// The push's key: the same for every attempt at this push (a retry, or a second decision after a write found
    /// the row changed). Side effects outside the member row (a ballot) use it so a repeated attempt finds its own.
    /// </summary>
    public string PushKey { get; } = pushKey ?? message.DedupeKey;

    /// <summary>The trimmed text of a text message (or a voice message's recognition), else null.</summary>
    public string? Text { get; } = message switch
    {
        TextMessage t => t.Content.Trim(),
        VoiceMessage { Recognition: { Length: > 0 } r } => r.Trim().TrimEnd('。', '.', '！', '!'),
        _ => null,
    };

    internal bool DialogChanged { get; private set; }

    internal bool MemberChanged { get; private set; }

    /// <summary>The profile starts again (follow, unfollow): columns the new member lacks are removed.</summary>
    internal bool MemberReset { get; private set; }

    /// <summary>The stored dialog ended with a record written elsewhere under the push's key: see <see cref="EndDialogByRecord"/>.</summary>
    internal bool EndedByRecord { get; private set; }

    public void Continue(DialogState next)
    {
        Dialog = next with { UpdatedAt = Now };
        DialogChanged = true;
    }

    public void EndDialog()
    {
        Dialog = null;
        DialogChanged = true;
    }

    /// <summary>
    /// Ends the dialog as stored, with a record this push wrote outside the row under the push's key (a chat ballot).
    /// The push then needs no write of the row: a retry is decided again and finds that record, and the feature
    /// answers <see cref="IChatFeature.EndedByRecordAsync"/> for the dialog the row still holds, so the next message
    /// ends it in its own write. Only the dialog as read qualifies: one the router already changed (a switch
    /// resumed it) must be written as usual.
    /// </summary>
    public void EndDialogByRecord()
    {
        EndedByRecord = !DialogChanged && Dialog is not null;
        EndDialog();
    }

    /// <summary>Changes the member's profile (e.g. 退订); the member as it would be now when there is no row yet.</summary>
    public void ChangeMember(Func<Member, Member> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Member = change(Member ?? new Member { OpenId = OpenId });
        MemberChanged = true;
    }

    /// <summary>Replaces the whole profile (follow, unfollow); an open dialog ends with it.</summary>
    public void ResetMember(Member fresh)
    {
        Member = fresh;
        MemberChanged = true;
        MemberReset = true;
        EndDialog();
    }
}
