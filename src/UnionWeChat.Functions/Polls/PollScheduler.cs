using UnionWeChat.Functions.Platform.Functions;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// Timer <c>polls</c> (every minute): opens approved polls whose time has come and announces them, closes polls
/// whose time is up and announces results when configured. Every step is a guarded transition — status changes
/// by ETag, announcements by publishing a notice under a fixed id (insert-if-absent) — so runs that overlap, or run
/// on two instances, do each thing once. The notice timer sends the announcements.
/// </summary>
public sealed partial class PollScheduler(
    PollStore polls,
    PollAnnouncements announcements,
    PollAudienceSource audience,
    TallyReader tallies,
    PollsOptions options,
    TimeProvider time,
    ILogger<PollScheduler> logger) : ITimerJob
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var poll in await polls.ListActiveAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (poll.Status == PollStatus.Closed)
            {
                await AnnounceResultsIfDueAsync(poll, now, cancellationToken);
            }
            else if (now >= poll.ClosesAt)
            {
                await CloseAsync(poll, now, cancellationToken);
            }
            else if (now >= poll.OpensAt)
            {
                await OpenAsync(poll, now, cancellationToken);
            }
        }
    }

    private async Task OpenAsync(Poll poll, DateTimeOffset now, CancellationToken ct)
    {
        if (poll.Status == PollStatus.Scheduled)
        {
            var size = await audience.CountAtOpeningAsync(poll.Audience, ct);
            var changed = await polls.ChangeAsync(poll.Id, p => PollLifecycle.Open(p, size, now).Next, ct);
            if (changed is not { } result || result.Poll.Status != PollStatus.Open)
            {
                return;
            }
            poll = result.Poll;
            if (result.Changed)
            {
                LogOpened(poll.Id, size);
            }
        }
        await announcements.OpeningAsync(poll, ct);
    }

    /// <summary>Closes the poll (if still open) and, once the grace has passed, announces its results.</summary>
    public async Task CloseAsync(Poll poll, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await polls.ChangeAsync(poll.Id, p => PollLifecycle.Close(p, now).Next, ct);
        if (changed is not { } result || result.Poll.Status != PollStatus.Closed)
        {
            return;
        }
        poll = result.Poll;
        if (result.Changed)
        {
            LogClosed(poll.Id);
        }
        await AnnounceResultsIfDueAsync(poll, now, ct);
    }

    private async Task AnnounceResultsIfDueAsync(Poll poll, DateTimeOffset now, CancellationToken ct)
    {
        if (!poll.ResultsPending)
        {
            return;
        }
        if (now - (poll.ClosedAt ?? poll.ClosesAt) < options.ResultsGrace)
        {
            // A ballot that passed its window check just before the close may still be on its way to storage.
            return;
        }
        var tally = await tallies.ReadAsync(poll, ct);
        // Once the notice is stored its text is fixed (a later run's tally would not replace it) and the poll is done with it.
        await announcements.ResultsAsync(poll, tally, ct);
        await polls.ChangeAsync(poll.Id, p => p.ResultsPending ? p with { ResultsPending = false } : null, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} opened for an audience of {Size}")]
    private partial void LogOpened(string pollId, int size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll {PollId} closed")]
    private partial void LogClosed(string pollId);
}
