using Azure.Core;
using Azure.Core.Pipeline;

namespace UnionWeChat.Tables.Pipeline;

/// <summary>
/// Stamps every attempt with the REST version and a fresh <c>x-ms-date</c> (authorised requests must carry the time
/// they were sent, so a retry gets a new one). Runs per retry, before the authorisation policy.
/// </summary>
internal sealed class TableHeadersPolicy(string serviceVersion, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue("x-ms-version", serviceVersion);
        message.Request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("R"));
    }
}
