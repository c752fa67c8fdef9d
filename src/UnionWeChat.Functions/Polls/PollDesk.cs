using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Polls;

/// <summary>
/// What staff do to a poll, for the staff API and the console alike: check the request, ask
/// <see cref="PollLifecycle"/>, and save its answer with the poll's ETag. Each answer is a <see cref="PollOutcome"/>
/// that the two only translate (JSON problems there, a page with the reason here).
/// </summary>
public sealed class PollDesk(PollStore polls, PollsOptions options, PollAudienceSource audience, PollScheduler scheduler, TimeProvider time)
{
    public const string AudienceEmpty = "投票对象中目前没有关注者，开始时的通知不会发给任何人；请修改投票对象（标签或范围）后再批准。";

    public async Task<PollOutcome> CreateAsync(PollRequest request, string who, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = request.Validate(now, options);
        if (errors.Count > 0)
        {
            return PollOutcome.Invalid(errors);
        }
        var basis = new Poll
        {
            Id = PollStore.NewId(),
            Title = "",
            Options = [],
            Audience = PollAudience.Everyone,
            OpensAt = now,
            ClosesAt = now,
            CreatedBy = who,
            CreatedAt = now,
            Partitions = options.BallotPartitions,
            Salt = PollStore.NewSalt(),
        };
        return PollOutcome.Done(await polls.CreateAsync(PollLifecycle.Created(request.ToPoll(basis)), ct));
    }

    public async Task<PollOutcome> ChangeAsync(string id, PollRequest request, string who, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = request.Validate(now, options);
        return errors.Count > 0
            ? PollOutcome.Invalid(errors)
            : await DecideAsync(id, p => PollLifecycle.Change(p, request.ToPoll(p), who, now), ct);
    }

    public async Task<PollOutcome> ApproveAsync(string id, string who, CancellationToken ct)
    {
        // An announced poll whose audience is nobody would open in silence: refused with the reason, nothing approved.
        if (await polls.GetAsync(id, ct) is { Status: PollStatus.AwaitingApproval, Channel: not AnnouncementChannel.None } pending
            && await audience.CountAsync(pending.Audience, ct) == 0)
        {
            return new PollOutcome(pending, Refusal: new Refusal(AudienceEmpty, Forbidden: false, NoticeRefusal.AudienceEmptyCode));
        }
        return await DecideAsync(id, p => PollLifecycle.Approve(p, who, time.GetUtcNow()), ct);
    }

    public Task<PollOutcome> CancelAsync(string id, string who, CancellationToken ct) =>
        DecideAsync(id, p => PollLifecycle.Cancel(p, who, time.GetUtcNow()), ct);

    /// <summary>Closes an open poll now; for an everyone-audience poll this only asks, and a second admin approves.</summary>
    public async Task<PollOutcome> CloseAsync(string id, string who, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var outcome = await DecideAsync(id, p => PollLifecycle.RequestClose(p, who, now), ct);
        return outcome is { Succeeded: true, Poll.Audience.NeedsApproval: false } ? await CloseNowAsync(outcome.Poll!, now, ct) : outcome;
    }

    public async Task<PollOutcome> ApproveCloseAsync(string id, string who, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var outcome = await DecideAsync(id, p => PollLifecycle.ApproveClose(p, who, now), ct);
        return outcome.Succeeded ? await CloseNowAsync(outcome.Poll!, now, ct) : outcome;
    }

    // An early close the lifecycle allowed: the poll closes now (and its results follow as the timer's would).
    private async Task<PollOutcome> CloseNowAsync(Poll poll, DateTimeOffset now, CancellationToken ct)
    {
        await scheduler.CloseAsync(poll, now, ct);
        return PollOutcome.Done(await polls.GetAsync(poll.Id, ct) ?? poll);
    }

    // Reads the poll, asks the lifecycle, saves its answer with the ETag (asking again after a conflict).
    private async Task<PollOutcome> DecideAsync(string id, Func<Poll, Decision<Poll>> decide, CancellationToken ct)
    {
        Refusal? refusal = null;
        var result = await polls.ChangeAsync(id, p =>
        {
            var decision = decide(p);
            refusal = decision.Refusal;
            return decision.Next;
        }, ct);
        return result is null ? PollOutcome.NotFound : new PollOutcome(result.Value.Poll, Refusal: refusal);
    }
}

/// <summary>
/// What a staff action on a poll came to: done (<see cref="Poll"/> as saved), refused by the lifecycle
/// (<see cref="Refusal"/>, the poll unchanged), invalid input (<see cref="Errors"/> by field), or no such poll.
/// </summary>
public sealed record PollOutcome(Poll? Poll, Dictionary<string, string[]>? Errors = null, Refusal? Refusal = null)
{
    public static PollOutcome NotFound { get; } = new(Poll: null);

    public bool Succeeded => Poll is not null && Errors is null && Refusal is null;

    public bool IsNotFound => Poll is null && Errors is null && Refusal is null;

    public static PollOutcome Done(Poll poll) => new(poll);

    public static PollOutcome Invalid(Dictionary<string, string[]> errors) => new(Poll: null, Errors: errors);
}
