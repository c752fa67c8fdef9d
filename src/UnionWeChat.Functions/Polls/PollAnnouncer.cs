using UnionWeChat.Functions.Outbound;
using UnionWeChat.WeChat.Api;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Sends a poll's opening or results announcement once: the <see cref="AnnouncementLedger"/> claim decides which
/// run sends, and each WeChat call carries a de-duplication key derived from the poll (mass sends: clientmsgid,
/// refused by WeChat for 24 h when reused; template messages: client_msg_id) as the second guard.
/// https://developers.weixin.qq.com/doc/service/api/notify/message/api_sendall
/// </summary>
public sealed partial class PollAnnouncer(
    WeChatSender sender,
    AudienceResolver audience,
    AnnouncementLedger ledger,
    PollsOptions options,
    ILogger<PollAnnouncer> logger)
{
    public const string OpeningKind = "open";
    public const string ResultsKind = "results";
    private const int TemplateParallelism = 8;

    /// <summary>The vote page link for announcements, when the public address is configured.</summary>
    public string? LinkFor(Poll poll) =>
        string.IsNullOrEmpty(options.PublicBaseUrl) ? null : options.PublicBaseUrl.TrimEnd('/') + "/api/vote/" + poll.Id;

    /// <summary>
    /// Sends the announcement unless some run already has; returns where it stands afterwards (Sending: another
    /// run holds it, or it failed for now and the next run tries again).
    /// </summary>
    public async Task<AnnouncementState> AnnounceAsync(Poll poll, string kind, string text, CancellationToken ct)
    {
        if (poll.Channel == AnnouncementChannel.None)
        {
            return AnnouncementState.Sent;
        }
        var claim = await ledger.TryClaimAsync(poll.Id, kind, options.AnnouncementLease, ct);
        if (claim is null)
        {
            LogNotOurs(poll.Id, kind);
            return (await ledger.GetAsync(poll.Id, kind, ct))?.State ?? AnnouncementState.Sending;
        }
        try
        {
            var (recipients, detail) = poll.Channel == AnnouncementChannel.Mass
                ? await MassAsync(poll, kind, text, ct)
                : await TemplatesAsync(poll, kind, ct);
            await ledger.CompleteAsync(claim, recipients, detail, ct);
            LogSent(poll.Id, kind, recipients);
            return AnnouncementState.Sent;
        }
        catch (WeChatApiException ex) when (ex.Kind is WeChatErrorKind.Retryable or WeChatErrorKind.Timeout or WeChatErrorKind.TokenRejected)
        {
            // The next run sends again; a job WeChat did accept is refused then by its clientmsgid.
            await ledger.ReleaseAsync(claim, CancellationToken.None);
            LogRetryLater(poll.Id, kind, ex.ErrCode);
            return AnnouncementState.Sending;
        }
        catch (WeChatApiException ex)
        {
            await ledger.FailAsync(claim, $"{ex.Kind} ({ex.ErrCode})", CancellationToken.None);
            LogFailed(ex, poll.Id, kind);
            return AnnouncementState.Failed;
        }
    }

    private async Task<(int Recipients, string Detail)> MassAsync(Poll poll, string kind, string text, CancellationToken ct)
    {
        var content = MassContent.Text(text);
        var key = $"{poll.Id}-{kind}";
        if (poll.Audience.Kind == AudienceKind.All)
        {
            var all = (await sender.SendToAllAsync(content, tagId: null, key, ct)).EnsureSent();
            return (poll.AudienceSize ?? 0, Describe(all));
        }

        // Tags and registered members are our own notions, not WeChat tags: send to openid lists.
        var ids = await audience.ListAsync(poll.Audience, ct);
        if (ids.Count == 0)
        {
            return (0, "no recipients");
        }
        if (ids.Count == 1)
        {
            // A list mass send needs at least two openids; one member gets a custom message (inside their window).
            (await sender.SendTextAsync(ids[0], text, ct)).EnsureSent();
            return (1, "custom message");
        }
        // Even batches, so none is left with the single openid WeChat would refuse.
        var batches = (ids.Count + WeChatApiClient.MassSendMaxRecipients - 1) / WeChatApiClient.MassSendMaxRecipients;
        var size = (ids.Count + batches - 1) / batches;
        var jobs = new List<string>();
        for (var b = 0; b < batches; b++)
        {
            var batch = ids.Skip(b * size).Take(size).ToList();
            var sent = (await sender.SendToOpenIdsAsync(batch, content, $"{key}-{b}", ct)).EnsureSent();
            jobs.Add(Describe(sent));
        }
        return (ids.Count, string.Join("; ", jobs));
    }

    private async Task<(int Recipients, string Detail)> TemplatesAsync(Poll poll, string kind, CancellationToken ct)
    {
        var templateId = options.TemplateId ?? throw new WeChatApiException(-1, "Polls__TemplateId is not configured", WeChatErrorKind.Permanent);
        var ids = await audience.ListAsync(poll.Audience, ct);
        var data = kind == OpeningKind
            ? new Dictionary<string, string>
            {
                ["first"] = "新的投票开始了",
                ["keyword1"] = poll.Title,
                ["keyword2"] = PollTexts.Window(poll),
                ["remark"] = "回复“投票”参加，每人限投一次。",
            }
            : new Dictionary<string, string>
            {
                ["first"] = "投票已结束",
                ["keyword1"] = poll.Title,
                ["keyword2"] = PollTexts.Time(poll.ClosesAt),
                ["remark"] = "点击查看投票结果。",
            };
        var sent = 0;
        var skipped = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = TemplateParallelism, CancellationToken = ct }, async (openId, token) =>
        {
            // Per-recipient claim: a run that takes over after a crash skips everyone already sent to.
            if (!await ledger.TryClaimRecipientAsync(poll.Id, kind, openId, token))
            {
                return;
            }
            try
            {
                (await sender.SendTemplateAsync(new TemplateMessage(openId, templateId, data, LinkFor(poll), ClientMsgId: $"{poll.Id}-{kind}"), token)).EnsureSent();
                Interlocked.Increment(ref sent);
            }
            catch (WeChatApiException ex) when (ex.Kind is WeChatErrorKind.NotFollowing or WeChatErrorKind.Permanent)
            {
                Interlocked.Increment(ref skipped);
            }
            catch (WeChatApiException ex) when (ex.Kind is WeChatErrorKind.Retryable or WeChatErrorKind.Timeout or WeChatErrorKind.TokenRejected)
            {
                // After a timeout the message may have gone out; client_msg_id keeps a resend within 10 minutes single.
                await ledger.ForgetRecipientAsync(poll.Id, kind, openId, CancellationToken.None);
                throw;
            }
        });
        return (sent, $"{sent} sent, {skipped} refused by WeChat");
    }

    private static string Describe(SendResult result) =>
        $"msg_id {result.MsgId}{(result.AlreadySubmitted ? " (already submitted)" : "")}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} {Kind} announcement: another run has it")]
    private partial void LogNotOurs(string pollId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} {Kind} announcement sent to {Recipients}")]
    private partial void LogSent(string pollId, string kind, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll {PollId} {Kind} announcement failed for now ({ErrCode}); the next run tries again")]
    private partial void LogRetryLater(string pollId, string kind, int errCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll {PollId} {Kind} announcement failed")]
    private partial void LogFailed(Exception exception, string pollId, string kind);
}
