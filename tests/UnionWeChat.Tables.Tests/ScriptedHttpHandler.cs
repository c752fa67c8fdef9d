using System.Net;
using Azure.Core.Pipeline;

namespace UnionWeChat.Tables.Tests;

/// <summary>
/// An HTTP handler that answers from a script instead of a server, and records what it was sent.
/// Plugged in as the pipeline's transport so retries, signing and headers run for real.
/// </summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly object _gate = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public ScriptedHttpHandler Then(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public ScriptedHttpHandler ThenThrow(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
    }

    /// <summary>Options whose transport is this handler, retrying almost at once so tests stay fast.</summary>
    public TableClientOptions Options(TableClientOptions? options = null)
    {
        options ??= new TableClientOptions();
        options.Transport = new HttpClientTransport(new HttpClient(this));
        options.Retry.Mode = Azure.Core.RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        return options;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, HttpResponseMessage> next;
        lock (_gate)
        {
            Requests.Add(request);
            next = _script.Count > 0
                ? _script.Dequeue()
                : throw new InvalidOperationException($"No scripted response left for request {Requests.Count}.");
        }
        return Task.FromResult(next(request));
    }
}
