using UnionWeChat.Functions.Conversation;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// 投票 in the chat: "投票" (or the VOTE menu item) lists the open polls the member may vote in; one poll is shown
/// at once with its numbered options; the member replies with the numbers; the ballot goes into the
/// <see cref="BallotBox"/> and the reply carries a receipt code. The reply never repeats the choice: replies are
/// kept a day in the push ledger, and who chose what must not be stored anywhere.
/// </summary>
public sealed class PollChatFeature(PollStore polls, BallotBox box) : IChatFeature
{
    public const string Flow = "vote";
    public const string MenuKey = "VOTE";
    private const string PickStep = "pick";
    private const string ChooseStep = "choose";

    /// <summary>Polls remembered per member in <see cref="Members.Member.VotedPolls"/> (a hint; older ones fall back to the box).</summary>
    private const int MaxVotedKept = 20;

    private static readonly ChatCommand VoteCommand = new(Flow, [PollTexts.Command], MenuKey, "参加正在进行的投票", "参加投票");

    public IReadOnlyList<ChatCommand> Commands { get; } = [VoteCommand];

    public IReadOnlyList<string> Flows { get; } = [Flow];

    public async Task<Reply?> StartAsync(ChatContext chat, ChatCommand command, string argument, CancellationToken ct)
    {
        var open = (await polls.ListActiveForVotingAsync(ct))
            .Where(p => p.AcceptsBallotsAt(chat.Now) && p.Audience.Includes(chat.Member))
            .OrderBy(p => p.ClosesAt)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        switch (open.Count)
        {
            case 0:
                chat.EndDialog();
                return new TextReply(PollTexts.NoPolls);
            case 1:
                return Show(chat, open[0]);
            default:
                chat.Continue(DialogState.Start(Flow, PickStep, chat.Now).With(PickStep, "polls", string.Join(',', open.Select(p => p.Id))));
                // So a member sees at a glance which ones they have voted in: their row knows the chat votes, and one
                // point read per other listed poll (made together) finds votes on the page.
                var voted = new HashSet<string>(chat.Member?.VotedPolls ?? [], StringComparer.Ordinal);
                var unknown = open.Where(p => !voted.Contains(p.Id)).ToList();
                var receipts = await Task.WhenAll(unknown.Select(p => box.ReceiptIfVotedAsync(p, chat.OpenId, ct)));
                voted.UnionWith(unknown.Where((_, i) => receipts[i] is not null).Select(p => p.Id));
                return new TextReply(PollTexts.PollList(open, voted));
        }
    }

    public Task<Reply?> ContinueAsync(ChatContext chat, DialogState dialog, CancellationToken ct) => dialog.Step switch
    {
        PickStep => PickAsync(chat, dialog, ct),
        ChooseStep => ChooseAsync(chat, dialog, ct),
        _ => Task.FromResult<Reply?>(End(chat, PollTexts.NoPolls)),
    };

    private async Task<Reply?> PickAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        var ids = (dialog["polls"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var picked = ChoiceParser.Parse(chat.Text, ids.Length, 1);
        if (!picked.Ok)
        {
            chat.Continue(dialog);
            return new TextReply($"请回复 1 到 {ids.Length} 之间的一个编号选择投票，回复“取消”退出。");
        }
        var poll = await polls.GetForVotingAsync(ids[picked.Choices[0] - 1], ct);
        if (poll is null || !poll.AcceptsBallotsAt(chat.Now))
        {
            return End(chat, PollTexts.Closed);
        }
        return Show(chat, poll);
    }

    private async Task<Reply?> ChooseAsync(ChatContext chat, DialogState dialog, CancellationToken ct)
    {
        var poll = await polls.GetForVotingAsync(dialog["poll"] ?? "", ct);
        if (poll is null)
        {
            return End(chat, PollTexts.NoPolls);
        }
        var choice = ChoiceParser.Parse(chat.Text, poll.Options.Count, poll.MaxChoices);
        if (!choice.Ok)
        {
            // Nothing stored; the member stays on the ballot and can answer again.
            chat.Continue(dialog);
            return new TextReply(choice.Error!);
        }
        var outcome = await box.CastAsync(poll, chat.Member, chat.OpenId, choice.Choices, BallotChannel.Chat, BallotKeys.AttemptOf(poll, chat.PushKey), ct);
        if (outcome.Result is BallotResult.Accepted or BallotResult.AlreadyVoted)
        {
            // Written with the reply when the row is written: the next 投票 answers 您已投过票 from the row alone.
            Remember(chat, poll);
        }
        if (outcome is { Result: BallotResult.Accepted, Again: false })
        {
            // The ballot just stored under this push's attempt key can be the push's only write: a retry finds it
            // and says 投票成功 again, and the row learns of it from the next message (EndedByRecordAsync). A retry
            // that met its own ballot writes the row as usual, so a third attempt is answered from the record.
            chat.EndDialogByRecord();
            return new TextReply(Say(outcome));
        }
        return End(chat, Say(outcome));
    }

    /// <summary>
    /// A ballot dialog the row still holds is over once the member's ballot is in the box (a chat ballot does not
    /// write the row). A choice needs no look: the box answers it (您已投过票 for a second one). Anything else in a
    /// ballot dialog (another command, 取消, a word, a late reply) costs one point read of the ballot.
    /// </summary>
    public async ValueTask<bool> EndedByRecordAsync(ChatContext chat, DialogState dialog, bool timedOut, CancellationToken ct)
    {
        if (dialog.Flow != Flow || dialog.Step != ChooseStep || await polls.GetForVotingAsync(dialog["poll"] ?? "", ct) is not { } poll)
        {
            return false;
        }
        if (!timedOut && chat.Text is { } text && ChoiceParser.Parse(text, poll.Options.Count, poll.MaxChoices).Ok)
        {
            return false;
        }
        if (await box.ReceiptIfVotedAsync(poll, chat.OpenId, ct) is null)
        {
            return false;
        }
        Remember(chat, poll);
        return true;
    }

    private static void Remember(ChatContext chat, Poll poll) =>
        chat.ChangeMember(m => m with { VotedPolls = [.. m.VotedPolls.Where(id => id != poll.Id).TakeLast(MaxVotedKept - 1), poll.Id] });

    /// <summary>
    /// Shows the ballot. Whether the member already voted is taken from their row (chat votes), not read from the
    /// ballot box: a member who voted on the page is told 您已投过票 when they answer, which the box decides anyway.
    /// </summary>
    private static TextReply Show(ChatContext chat, Poll poll)
    {
        if (chat.Member?.VotedPolls.Contains(poll.Id) == true)
        {
            return End(chat, PollTexts.AlreadyVoted(BallotKeys.For(poll, chat.OpenId).Receipt));
        }
        chat.Continue(DialogState.Start(Flow, ChooseStep, chat.Now).With(ChooseStep, "poll", poll.Id));
        return new TextReply(PollTexts.Ballot(poll));
    }

    public static string Say(BallotOutcome outcome) => outcome.Result switch
    {
        BallotResult.Accepted => PollTexts.Accepted(outcome.Receipt!),
        BallotResult.AlreadyVoted => PollTexts.AlreadyVoted(outcome.Receipt!),
        BallotResult.NotOpen => PollTexts.NotOpen,
        BallotResult.Closed => PollTexts.Closed,
        _ => PollTexts.NotAMember,
    };

    private static TextReply End(ChatContext chat, string text)
    {
        chat.EndDialog();
        return new TextReply(text);
    }
}
