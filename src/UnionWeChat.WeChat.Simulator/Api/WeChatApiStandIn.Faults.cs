using System.Text.Json;

namespace UnionWeChat.WeChat.Simulator;

// Fault injection for tests. Faults apply in the order injected, before the access token is checked.
public sealed partial class WeChatApiStandIn
{
    private readonly Dictionary<string, Queue<StandInFault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Delay>> _delays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Delay>> _holds = new(StringComparer.Ordinal);
    private readonly List<InjectedFault> _injected = [];
    private readonly Dictionary<string, int> _lostAnswers = new(StringComparer.Ordinal);
    private Random? _random;
    private double _randomFraction;
    private StandInFault[] _randomFaults = [];
    private TimeSpan _timeoutHold = TimeSpan.FromMinutes(2);

    /// <summary>Every fault injected so far (queued and random), oldest first.</summary>
    public IReadOnlyList<InjectedFault> InjectedFaults
    {
        get
        {
            lock (_gate)
            {
                return _injected.ToList();
            }
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> requests to <paramref name="path"/> get <c>{"errcode":errcode}</c>. The answer
    /// only: an injected 40001 leaves the tokens valid, so a test can play WeChat handing back the token it refused.
    /// </summary>
    public void FailNext(string path, int errcode, int times = 1) => Enqueue(path, StandInFault.ErrCode(errcode), times);

    /// <summary>The next <paramref name="times"/> requests to <paramref name="path"/> get an empty answer with HTTP <paramref name="status"/>.</summary>
    public void FailWithHttpStatus(string path, int status, int times = 1) => Enqueue(path, StandInFault.HttpStatus(status), times);

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
    /// The next <paramref name="times"/> custom or template sends to <paramref name="openId"/> are handled (delivered, or
    /// dropped as a repeat) and their answer held until the caller gives up (or the timeout hold ends): "delivered,
    /// answer lost" for one recipient, whatever order a concurrent sender reaches them in. Unlike the other faults it
    /// is taken once the body is read: a request refused before that (a bad token) does not use one up.
    /// </summary>
    public void LoseAnswersTo(string openId, int times = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _lostAnswers[openId] = _lostAnswers.GetValueOrDefault(openId) + times;
        }
    }

    /// <summary>
    /// From now on, a <paramref name="fraction"/> of requests (token requests excepted) fail with one of
    /// <paramref name="errcodes"/>, chosen by a generator seeded with <paramref name="seed"/>. A fraction of 0 stops it.
    /// </summary>
    public void FailRandomly(double fraction, int[] errcodes, int seed)
    {
        ArgumentNullException.ThrowIfNull(errcodes);
        FailRandomly(fraction, errcodes.Select(StandInFault.ErrCode).ToList(), seed);
    }

    /// <summary>
    /// From now on, a <paramref name="fraction"/> of requests (token requests excepted) get one of
    /// <paramref name="faults"/>, chosen by a generator seeded with <paramref name="seed"/>; a path draws only among
    /// the faults WeChat could answer there (45015/45047 on custom sends only). A drawn 40001 invalidates the issued
    /// tokens, as a real one means they are, so the caller's refresh gets a new one. The timeouts
    /// (<see cref="StandInFault.NeverReached"/>, <see cref="StandInFault.AnswerLost"/>) hold the request for
    /// <paramref name="timeoutHold"/> (default 2 minutes, past any client timeout) or until the caller gives up.
    /// A fraction of 0 stops it.
    /// </summary>
    public void FailRandomly(double fraction, IReadOnlyList<StandInFault> faults, int seed, TimeSpan? timeoutHold = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        ArgumentNullException.ThrowIfNull(faults);
        if (fraction > 0 && faults.Count == 0)
        {
            throw new ArgumentException("Give at least one fault.", nameof(faults));
        }

        lock (_gate)
        {
            // Seeded on purpose: a test's failure pattern must repeat run after run.
            _random = fraction > 0 ? new Random(seed) : null;
            _randomFraction = fraction;
            _randomFaults = faults.ToArray();
            _timeoutHold = timeoutHold ?? TimeSpan.FromMinutes(2);
        }
    }

    /// <summary>The faults to apply to this request to <paramref name="path"/>, taken from the queues or drawn.</summary>
    internal (Delay? Delay, StandInFault? Fault, bool Drawn) TakeFaults(string path, bool exemptFromRandom)
    {
        lock (_gate)
        {
            var delay = _delays.TryGetValue(path, out var delays) && delays.Count > 0 ? delays.Dequeue() : null;
            var fault = _faults.TryGetValue(path, out var faults) && faults.Count > 0 ? faults.Dequeue() : null;
            var drawn = false;
            if (fault is null && !exemptFromRandom && _random is not null && _random.NextDouble() < _randomFraction)
            {
                var candidates = _randomFaults.Where(f => f.AppliesTo(path)).ToArray();
                fault = candidates.Length > 0 ? candidates[_random.Next(candidates.Length)] : null;
                drawn = fault is not null;
            }

            if (fault is not null)
            {
                _injected.Add(new InjectedFault(path, fault));
            }

            return (delay, fault, drawn);
        }
    }

    /// <summary>How long an injected timeout holds its request, unless the caller gives up first.</summary>
    internal Delay TimeoutHold()
    {
        lock (_gate)
        {
            return new Delay(_timeoutHold, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    private void Enqueue(string path, StandInFault fault, int times)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            if (!_faults.TryGetValue(path, out var queue))
            {
                _faults[path] = queue = new Queue<StandInFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>The answer hold for a message send to a recipient named in <see cref="LoseAnswersTo"/>, if any.</summary>
    internal Delay? TakeLostAnswer(string path, JsonElement body)
    {
        if (path is not ("/cgi-bin/message/custom/send" or "/cgi-bin/message/template/send")
            || body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("touser", out var toUser) || toUser.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        lock (_gate)
        {
            var openId = toUser.GetString()!;
            if (_lostAnswers.GetValueOrDefault(openId) <= 0)
            {
                return null;
            }

            _lostAnswers[openId]--;
            _injected.Add(new InjectedFault(path, StandInFault.AnswerLost));
            return new Delay(_timeoutHold, null, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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

    internal sealed record Delay(TimeSpan? For, Task? Release, TaskCompletionSource Arrived);
}
