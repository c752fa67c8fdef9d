namespace UnionWeChat.Functions.Notices;

/// <summary>
/// One run's work on one notice, shared by its workers: the first reason to stop wins, and every worker checks
/// between batches. Staff pausing or cancelling is seen at the next batch: the notice is read again there (one point
/// read per batch of up to 99 sends; workers share a read in progress).
/// </summary>
public sealed class NoticeRun(Notice notice, NoticeStore notices, TimeProvider time, long deadlineTimestamp)
{
    private int _checking;
    private int _stop = -1;

    public Notice Notice { get; } = notice;

    public NoticeStop? Stop => Volatile.Read(ref _stop) is var s and >= 0 ? (NoticeStop)s : null;

    public bool Stopped => Volatile.Read(ref _stop) >= 0;

    /// <summary>Records why the run stops; the first reason is kept.</summary>
    public void StopWith(NoticeStop reason) => Interlocked.CompareExchange(ref _stop, (int)reason, -1);

    /// <summary>False once the run must stop: a reason was recorded, its time is used, or staff paused or cancelled.</summary>
    public async Task<bool> ShouldContinueAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (Stopped)
        {
            return false;
        }
        if (time.GetTimestamp() > deadlineTimestamp)
        {
            StopWith(NoticeStop.RunTimeUsed);
            return false;
        }
        if (Interlocked.CompareExchange(ref _checking, 1, 0) == 0)
        {
            try
            {
                var current = await notices.GetAsync(Notice.Id, ct);
                if (current?.Status == NoticeStatus.Paused)
                {
                    StopWith(NoticeStop.Paused);
                }
                else if (current is null || current.Status != NoticeStatus.Sending)
                {
                    StopWith(NoticeStop.Cancelled);
                }
            }
            finally
            {
                Volatile.Write(ref _checking, 0);
            }
        }
        return !Stopped;
    }
}
