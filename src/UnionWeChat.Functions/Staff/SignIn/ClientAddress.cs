using System.Net;
using UnionWeChat.Functions.Functions;

namespace UnionWeChat.Functions.Staff.SignIn;

/// <summary>
/// Where a request came from, for the sign-in throttle. Under the Functions host every request arrives from the
/// host on loopback, so the address is the last <c>X-Forwarded-For</c> entry, the one the platform's front end
/// appended (earlier entries are whatever the client claimed). Standalone, it is the connection's address.
/// https://learn.microsoft.com/aspnet/core/host-and-deploy/proxy-load-balancer
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var mode = context.RequestServices.GetService<HostMode>();
        if (mode is { UnderFunctionsHost: true }
            && context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } hops
            && HostOf(hops[^1]) is { } forwarded)
        {
            return forwarded;
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    // "203.0.113.7:51234", "[2001:db8::1]:443" or a bare address.
    private static string? HostOf(string hop)
    {
        if (IPAddress.TryParse(hop, out var bare))
        {
            return bare.ToString();
        }
        return IPEndPoint.TryParse(hop, out var endpoint) ? endpoint.Address.ToString() : null;
    }
}
