using UnionWeChat.Functions.Members;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Conversation;

/// <summary>
/// One incoming message as the features see it: who sent it, their member record, their dialog, and the text.
/// A feature changes the dialog through <see cref="Continue"/> and <see cref="EndDialog"/>; the router saves it.
/// </summary>
public sealed class ChatContext(IncomingMessage message, Member? member, DialogState? dialog, DateTimeOffset now)
{
    public IncomingMessage Message { get; } = message;

    public string OpenId => Message.FromUserName;

    public Member? Member { get; } = member;

    public DialogState? Dialog { get; private set; } = dialog;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The trimmed text of a text message (or a voice message's recognition), else null.</summary>
    public string? Text { get; } = message switch
    {
        TextMessage t => t.Content.Trim(),
        VoiceMessage { Recognition: { Length: > 0 } r } => r.Trim().TrimEnd('。', '.', '！', '!'),
        _ => null,
    };

    internal bool DialogChanged { get; private set; }

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
}
