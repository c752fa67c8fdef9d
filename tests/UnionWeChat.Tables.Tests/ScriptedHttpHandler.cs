using System.Net;
using System.Text;
using Azure.Core.Pipeline;

namespace UnionWeChat.Tables.Tests;

/// <summary>
/// An HTTP handler that answers from a script instead of a server, and records what it was sent.
/// Plugged in as the pipeline's transport, so retries, signing and headers run for real.
/// </summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly object _gate = new();
    private readonly List<HttpRequestMessage> _requests = [];
    private readonly List<string?> _bodies = [];

    public IReadOnlyList<HttpRequestMessage> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The request bodies, read as they were sent (the pipeline disposes them afterwards).</summary>
    public IReadOnlyList<string?> Bodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    public ScriptedHttpHandler Then(
        HttpStatusCode status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (body is not null)
            {
                response.Content = new StringContent(body, Encoding.UTF8);
                response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            }
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
            return Task.FromResult(response);
        });
        return this;
    }

    /// <summary>Answers the same way <paramref name="times"/> times.</summary>
    public ScriptedHttpHandler Repeat(int times, HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < times; i++)
        {
            Then(status, null, "application/json", headers);
        }
        return this;
    }

    public ScriptedHttpHandler ThenThrow(Exception exception)
    {
        _script.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>Never answers; the request ends only when the pipeline's network timeout cancels it.</summary>
    public ScriptedHttpHandler ThenHang()
    {
        _script.Enqueue(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    /// <summary>Options whose transport is this handler, retrying almost at once so tests stay fast.</summary>
    public TableClientOptions Options(TableClientOptions? options = null)
    {
        options ??= new TableClientOptions();
        options.Transport = new HttpClientTransport(new HttpClient(this));
        if (options.RetryPolicy is null)
        {
            options.Retry.Mode = Azure.Core.RetryMode.Fixed;
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        }
        return options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Func<CancellationToken, Task<HttpResponseMessage>> next;
        lock (_gate)
        {
            _requests.Add(request);
            _bodies.Add(body);
            next = _script.Count > 0
                ? _script.Dequeue()
                : throw new InvalidOperationException($"No scripted response left for request {_requests.Count}.");
        }
        return await next(cancellationToken);
    }
}
