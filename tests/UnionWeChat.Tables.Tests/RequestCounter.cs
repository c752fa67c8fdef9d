using Azure.Core;
using Azure.Core.Pipeline;

namespace UnionWeChat.Tables.Tests;

/// <summary>Counts the attempts that reach the transport (added per retry), to prove what was or was not sent.</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public static TableClientOptions Attach(out RequestCounter counter, TableClientOptions? options = null)
    {
        options ??= new TableClientOptions();
        counter = new RequestCounter();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return options;
    }

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
