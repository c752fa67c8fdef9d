using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// The app's own base address, where the simulator posts pushes: <c>Simulator__AppBaseUrl</c> when set, otherwise
/// the first http address the server listens on (a wildcard host becomes localhost).
/// </summary>
public sealed class AppAddress(IServer server, SimulatorOptions options)
{
    public Uri BaseUrl
    {
        get
        {
            if (options.AppBaseUrl is { } configured)
            {
                return WithSlash(new Uri(configured));
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var listening = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                ?? addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The server reports no listening address; set Simulator__AppBaseUrl.");
            var builder = new UriBuilder(listening.Replace("://+", "://localhost").Replace("://*", "://localhost"));
            if (builder.Host is "0.0.0.0" or "[::]" or "::")
            {
                builder.Host = "localhost";
            }
            return WithSlash(builder.Uri);
        }
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
