namespace UnionWeChat.Functions.Notices;

/// <summary>What one run did for one notice.</summary>
public sealed record DispatchReport(string NoticeId, int Sent, int Failed, int Skipped, int Unconfirmed, int Released, NoticeStop? Stop, TimeSpan Elapsed)
{
    public double RatePerSecond => Elapsed > TimeSpan.Zero ? Sent / Elapsed.TotalSeconds : 0;
}

/// <summary>Counts kept by a run's workers as they go.</summary>
internal sealed class DispatchTally
{
    private int _sent, _failed, _skipped, _unconfirmed, _released;

    public void Count(RecipientState? outcome, int n = 1)
    {
        switch (outcome)
        {
            case RecipientState.Sent: Interlocked.Add(ref _sent, n); break;
            case RecipientState.Failed: Interlocked.Add(ref _failed, n); break;
            case RecipientState.Skipped: Interlocked.Add(ref _skipped, n); break;
            case RecipientState.Unconfirmed: Interlocked.Add(ref _unconfirmed, n); break;
            case RecipientState.Pending: Interlocked.Add(ref _released, n); break;
        }
    }

    public DispatchReport ToReport(NoticeRun run, TimeSpan elapsed) =>
        new(run.Notice.Id, _sent, _failed, _skipped, _unconfirmed, _released, run.Stop, elapsed);
}
