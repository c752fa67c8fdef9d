namespace UnionWeChat.Functions.Tests.Hardening;

/// <summary>
/// An app instance killed outright, in process: once <see cref="Trip"/> is called, its outbound HTTP calls (WeChat's
/// API, through the HttpClient factory) never complete, nor does the answer of a call in flight, whatever timeouts or
/// cancellation say. The instance's sender is stuck for good where it was, and whatever it had not written is lost,
/// as with SIGKILL; the test's clock can still be shared with a second instance that restarts the work.
/// </summary>
internal sealed class InstanceKill
{
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _tripped;

    public void Trip() => _tripped = true;

    public DelegatingHandler Handler() => new Gate(this);

    private Task StopHereIfKilled() => _tripped ? _never.Task : Task.CompletedTask;

    private sealed class Gate(InstanceKill kill) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await kill.StopHereIfKilled();
            var response = await base.SendAsync(request, cancellationToken);
            // Killed while WeChat handled it: the request took effect, its answer never arrives.
            await kill.StopHereIfKilled();
            return response;
        }
    }
}
