using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnionWeChat.WeChat.Receiving;

namespace UnionWeChat.Bench.Baselines;

/// <summary>
/// Baseline (a), the web stack's limit: Kestrel on loopback in this process, one POST route that reads the body,
/// checks the push signature and answers a fixed "success". No parsing, no storage, no app.
/// </summary>
public sealed class BareWebEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareWebEndpoint(WebApplication app, Uri pushUrl)
    {
        _app = app;
        PushUrl = pushUrl;
    }

    public Uri PushUrl { get; }

    public static async Task<BareWebEndpoint> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/wechat", async (HttpRequest request) =>
        {
            // Read the body as the app does, so both pay for the bytes.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var q = request.Query;
            return WeChatSignature.Verify(q["signature"], token, q["timestamp"].ToString(), q["nonce"].ToString())
                ? Results.Text("success", "text/plain")
                : Results.Unauthorized();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareWebEndpoint(app, new Uri(new Uri(address.TrimEnd('/') + "/"), "api/wechat"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
