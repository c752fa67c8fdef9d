using UnionWeChat.Functions.Hosting;

namespace UnionWeChat.Functions.Functions;

/// <summary>Whether the Azure Functions host runs this app (it then owns timers) or the app runs on its own.</summary>
public sealed record HostMode(bool UnderFunctionsHost, int? CustomHandlerPort)
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static HostMode From(IConfiguration configuration)
    {
        var raw = configuration[PortVariable];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new HostMode(false, null);
        }
        return int.TryParse(raw, out var port) && port is > 0 and < 65536
            ? new HostMode(true, port)
            : throw new ConfigurationException(PortVariable, $"must be a TCP port number, not '{raw}'");
    }
}
