namespace UnionWeChat.WeChat.Simulator;

// Fault injection for tests. Faults apply in the order injected, before the access token is checked.
public sealed partial class WeChatApiStandIn
{
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Delay>> _delays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Delay>> _holds = new(StringComparer.Ordinal);
    private Random? _random;
    private double _randomFraction;
    private int[] _randomCodes = [];

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> get <c>{"errcode":errcode}</c>.</summary>
    public void FailNext(string path, int errcode, int times = 1) => Enqueue(path, new Fault(errcode, null), times);

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> get an empty answer with HTTP <paramref name="status"/>.</summary>
    public void FailWithHttpStatus(string path, int status, int times = 1) => Enqueue(path, new Fault(null, status), times);

    /// <summary>The next request to <paramref name="path"/> waits <paramref name="delay"/> (on the stand-in's clock) before it is handled.</summary>
    public void DelayNext(string path, TimeSpan delay) => EnqueueDelay(_delays, path, new Delay(delay, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));

    /// <summary>
    /// The next request to <paramref name="path"/> waits until <paramref name="release"/> completes (or the caller
    /// gives up). Returns a task that completes when that request has arrived, so a test needs no sleep.
    /// </summary>
    public Task DelayNext(string path, Task release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EnqueueDelay(_delays, path, new Delay(null, release, arrived));
        return arrived.Task;
    }

    /// <summary>
    /// The next request to <paramref name="path"/> is handled (a send is recorded) but its answer is held until
    /// <paramref name="release"/> completes: "delivered, answer lost" when the caller times out first.
    /// Returns a task that completes once the request has been handled. JSON endpoints only.
    /// </summary>
    public Task HoldAnswer(string path, Task release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EnqueueDelay(_holds, path, new Delay(null, release, handled));
        return handled.Task;
    }

    /// <summary>
    /// From now on, a <paramref name="fraction"/> of requests (token requests excepted) fail with one of
    /// <paramref name="errcodes"/>, chosen by a generator seeded with <paramref name="seed"/>. A fraction of 0 stops it.
    /// </summary>
    public void FailRandomly(double fraction, int[] errcodes, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        ArgumentNullException.ThrowIfNull(errcodes);
        if (fraction > 0 && errcodes.Length == 0)
        {
            throw new ArgumentException("Give at least one errcode.", nameof(errcodes));
        }

        lock (_gate)
        {
            // Seeded on purpose: a test's failure pattern must repeat run after run.
            _random = fraction > 0 ? new Random(seed) : null;
            _randomFraction = fraction;
            _randomCodes = errcodes.ToArray();
        }
    }

    /// <summary>The faults to apply to this request to <paramref name="path"/>, taken from the queues.</summary>
    internal (Delay? Delay, Fault? Fault) TakeFaults(string path, bool exemptFromRandom)
    {
        lock (_gate)
        {
            var delay = _delays.TryGetValue(path, out var delays) && delays.Count > 0 ? delays.Dequeue() : null;
            if (_faults.TryGetValue(path, out var faults) && faults.Count > 0)
            {
                return (delay, faults.Dequeue());
            }

            if (!exemptFromRandom && _random is not null && _random.NextDouble() < _randomFraction)
            {
                return (delay, new Fault(_randomCodes[_random.Next(_randomCodes.Length)], null));
            }

            return (delay, null);
        }
    }

    private void Enqueue(string path, Fault fault, int times)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            if (!_faults.TryGetValue(path, out var queue))
            {
                _faults[path] = queue = new Queue<Fault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>The answer hold for this request to <paramref name="path"/>, if one was injected.</summary>
    internal Delay? TakeHold(string path)
    {
        lock (_gate)
        {
            return _holds.TryGetValue(path, out var holds) && holds.Count > 0 ? holds.Dequeue() : null;
        }
    }

    private void EnqueueDelay(Dictionary<string, Queue<Delay>> queues, string path, Delay delay)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_gate)
        {
            if (!queues.TryGetValue(path, out var queue))
            {
                queues[path] = queue = new Queue<Delay>();
            }

            queue.Enqueue(delay);
        }
    }

    internal sealed record Fault(int? ErrCode, int? HttpStatus);

    internal sealed record Delay(TimeSpan? For, Task? Release, TaskCompletionSource Arrived);
}
