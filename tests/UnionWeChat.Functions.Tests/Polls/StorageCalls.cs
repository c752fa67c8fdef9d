using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Platform.Storage;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>
/// Records every Table Storage request the app sends (method and path, once per attempt), so a test can say how many
/// calls and writes something cost. Add it to the table clients' pipeline per retry.
/// </summary>
internal sealed class StorageCalls : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Path)> _calls = new();

    public IReadOnlyList<(string Method, string Path)> All => [.. _calls];

    /// <summary>Inserts, updates, merges, deletes and batches; not table creation.</summary>
    public IReadOnlyList<(string Method, string Path)> Writes =>
        All.Where(c => c.Method != "GET" && !c.Path.EndsWith("/Tables", StringComparison.Ordinal)).ToList();

    public void Clear() => _calls.Clear();

    /// <summary>Counts every Table Storage call the app built by <paramref name="app"/> makes.</summary>
    public void CountCallsOf(AppFactory app) => app.WithServices(s => s.AddSingleton(sp =>
        new StorageClients(sp.GetRequiredService<StorageOptions>(), o => o.AddPolicy(this, HttpPipelinePosition.PerRetry))));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message) => _calls.Enqueue((message.Request.Method.Method, message.Request.Uri.Path));
}
