using System.Diagnostics;

namespace UnionWeChat.Bench.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> tasks each run the operation back to back, first for the warm-up (not
/// recorded), then for the measured duration. An operation returns false (or throws) for an error; errors are
/// counted, not retried, and their latency is left out of the percentiles.
/// </summary>
public static class LoadRunner
{
    /// <param name="operation">Called with (worker index, operation number within the worker).</param>
    public static async Task<LoadSample> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, long, CancellationToken, Task<bool>> operation, CancellationToken ct)
    {
        var latencies = new LatencyRecorder();
        long operations = 0, errors = 0, warmupOperations = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var lastEnd = measureFrom;

        async Task WorkerAsync(int worker)
        {
            await Task.Yield();
            for (long n = 0; !ct.IsCancellationRequested; n++)
            {
                var begun = Stopwatch.GetTimestamp();
                if (begun >= measureUntil)
                {
                    return;
                }
                bool ok;
                string? error = null;
                try
                {
                    ok = await operation(worker, n, ct);
                    error = ok ? null : "operation reported a failure";
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    ok = false;
                    error = ex.GetType().Name + ": " + ex.Message;
                }
                if (begun < measureFrom)
                {
                    Interlocked.Increment(ref warmupOperations);
                    continue;
                }
                var ended = Stopwatch.GetTimestamp();
                InterlockedMax(ref lastEnd, ended);
                if (ok)
                {
                    Interlocked.Increment(ref operations);
                    latencies.Record(Stopwatch.GetElapsedTime(begun, ended));
                }
                else
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, error, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(WorkerAsync));
        var seconds = (double)(Interlocked.Read(ref lastEnd) - measureFrom) / Stopwatch.Frequency;
        return new LoadSample(concurrency, operations, errors, seconds,
            latencies.Percentile(50), latencies.Percentile(95), latencies.Percentile(99), warmupOperations, firstError);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
