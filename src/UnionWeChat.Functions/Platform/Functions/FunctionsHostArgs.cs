namespace UnionWeChat.Functions.Platform.Functions;

/// <summary>
/// Whether the Azure Functions host started this process as its .NET isolated worker. The host starts a worker with
/// its gRPC address and ids on the command line: <c>--functions-uri http://127.0.0.1:{port}/ --functions-worker-id …
/// --functions-request-id … --functions-grpc-max-message-length …</c> (and the same under the older names --host,
/// --port, --workerId…). The worker connects back to <c>--functions-uri</c> and cannot run without it, so that
/// argument is the test; scripts/run, the tests' WebApplicationFactory and the benchmarks never pass it.
/// </summary>
public static class FunctionsHostArgs
{
    public const string HostEndpoint = "--functions-uri";

    public static bool StartedByHost(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var value = args[i] == HostEndpoint && i + 1 < args.Count ? args[i + 1]
                : args[i].StartsWith(HostEndpoint + "=", StringComparison.Ordinal) ? args[i][(HostEndpoint.Length + 1)..]
                : null;
            if (value is not null && Uri.TryCreate(value, UriKind.Absolute, out _))
            {
                return true;
            }
        }
        return false;
    }
}
