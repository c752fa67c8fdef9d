using System.Net;
using UnionWeChat.Functions.Platform;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Platform.Web;

/// <summary>
/// The address a request came from, for the vote page's limits and the staff sign-in throttle (one rule for both).
/// Under the Functions host every request reaches the worker from the host on loopback, and the worker's ASP.NET Core
/// integration has already applied the forwarded headers the platform's front end wrote (the last X-Forwarded-For
/// entry becomes the connection's address), so the connection's address is the caller. Standalone, a loopback or
/// in-memory (test server) peer may state the caller in the header's last entry; a request straight from the internet
/// has no way to set it. https://learn.microsoft.com/aspnet/core/host-and-deploy/proxy-load-balancer
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if ((remote is null || IPAddress.IsLoopback(remote)) && Forwarded(context.Request) is { } forwarded)
        {
            return forwarded.ToString();
        }
        return remote?.ToString() ?? "unknown";
    }

    /// <summary>The scheme and host the member used, for the OAuth redirect when no public address is configured.</summary>
    public static string Origin(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        var scheme = context.Request.Scheme;
        var proto = context.Request.Headers["X-Forwarded-Proto"].ToString().Split(',')[^1].Trim();
        if ((remote is null || IPAddress.IsLoopback(remote)) && proto is "https" or "http")
        {
            scheme = proto;
        }
        return scheme + "://" + context.Request.Host.Value;
    }

    /// <summary>An address with its last part hidden (203.0.113.*, 2001:db8:1::/48) for staff views.</summary>
    public static string Masked(string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return "unknown";
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        var bytes = ip.GetAddressBytes();
        if (bytes.Length == 4)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.*";
        }
        var network = new byte[16];
        Array.Copy(bytes, network, 6);
        return new IPAddress(network) + "/48";
    }

    private static IPAddress? Forwarded(HttpRequest request)
    {
        var header = request.Headers["X-Forwarded-For"].ToString();
        if (header.Length == 0)
        {
            return null;
        }
        var last = header.Split(',')[^1].Trim();
        // Azure's front end may write "1.2.3.4:5678"; an IPv6 address with a port is "[::1]:5678".
        if (IPEndPoint.TryParse(last, out var endpoint))
        {
            return endpoint.Address;
        }
        return IPAddress.TryParse(last, out var address) ? address : null;
    }
}
