using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Notices;

/// <summary>
/// A staff step on one notice (approve, pause, resume, cancel), for the API and the console: the
/// <see cref="NoticeLifecycle"/> rule is asked about the notice as it is now and its answer saved with the ETag.
/// Callers only translate the outcome.
/// </summary>
public sealed class NoticeSteps(NoticeStore store, TimeProvider time)
{
    public async Task<NoticeStepResult> RunAsync(string id, string who, Func<Notice, string, DateTimeOffset, Decision<Notice>> rule, CancellationToken ct)
    {
        if (!NoticeKeys.IsId(id))
        {
            return new NoticeStepResult(null, null);
        }
        Refusal? refusal = null;
        var result = await store.ChangeAsync(id, n =>
        {
            var decision = rule(n, who, time.GetUtcNow());
            refusal = decision.Refusal;
            return decision.Next;
        }, ct);
        if (result.Notice is null)
        {
            return new NoticeStepResult(null, null);
        }
        if (refusal is null && result.Notice is { Status: NoticeStatus.Refused, Refusal: { } refused })
        {
            // Approval found the audience empty: saved as refused, and reported as the refusal it is.
            refusal = new Refusal(refused.Reason, Code: refused.Code);
        }
        return new NoticeStepResult(result.Notice, refusal);
    }
}

/// <summary>The notice after the step (null: there is no such notice) and the rule's refusal, if it said no.</summary>
public sealed record NoticeStepResult(Notice? Notice, Refusal? Refusal);
