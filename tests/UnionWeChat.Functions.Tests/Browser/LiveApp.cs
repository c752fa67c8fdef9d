using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Browser;

/// <summary>
/// The app served by Kestrel on a free loopback port (WebApplicationFactory's Kestrel mode), for tests that need a
/// real address: a browser, or the app calling itself. In Development (the default) WeChat's API is the app's own
/// stand-in at <c>/dev/wechat-api</c>, OAuth included; pass <c>app.With("WeChat:ApiBaseUrl", …)</c> to use another.
/// </summary>
public sealed class LiveApp : IAsyncDisposable
{
    private LiveApp(AppFactory app, Uri baseUrl)
    {
        App = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl };
    }

    public AppFactory App { get; }

    /// <summary>e.g. http://127.0.0.1:54321/ — open pages relative to it.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A plain client on the real socket (no test handler), based at <see cref="BaseUrl"/>.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public Uri Url(string relative) => new(BaseUrl, relative.TrimStart('/'));

    /// <summary>Starts the app; <paramref name="configure"/> may add settings and services (it may run more than once).</summary>
    public static Task<LiveApp> StartAsync(AzuriteFixture azurite, Action<AppFactory>? configure = null, string environment = "Development") =>
        StartAsync(azurite, (app, _) => configure?.Invoke(app), environment);

    /// <summary>As above, for settings that name the app's own address (its public base URL).</summary>
    public static async Task<LiveApp> StartAsync(AzuriteFixture azurite, Action<AppFactory, Uri> configure, string environment = "Development")
    {
        // The port is chosen before the app binds it (its own settings must name it), so another process may take
        // it in between: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            var app = new AppFactory(azurite.ConnectionString, new Uri(baseUrl, "dev/wechat-api").AbsoluteUri, environment)
                .With("WeChat:OAuthAuthorizeUrl", new Uri(baseUrl, "dev/wechat-api/connect/oauth2/authorize").AbsoluteUri);
            configure(app, baseUrl);
            app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            try
            {
                await Task.Run(app.StartServer);
                return new LiveApp(app, baseUrl);
            }
            catch (IOException ex) when (attempt < 4 && ex.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
