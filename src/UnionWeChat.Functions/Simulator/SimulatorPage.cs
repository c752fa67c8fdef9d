namespace UnionWeChat.Functions.Simulator;

/// <summary>
/// The page's three files, embedded in the assembly so nothing is served from disk (and nothing outside Development
/// can reach them). A strict Content-Security-Policy backs the page's rule of showing every message as text.
/// </summary>
public static class SimulatorPage
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<byte[]> HtmlBytes = new(() => Read("simulator.html"));
    private static readonly Lazy<byte[]> ScriptBytes = new(() => Read("simulator.js"));
    private static readonly Lazy<byte[]> StyleBytes = new(() => Read("simulator.css"));

    public static IResult Html(HttpContext context) => Serve(context, HtmlBytes.Value, "text/html; charset=utf-8");

    public static IResult Script(HttpContext context) => Serve(context, ScriptBytes.Value, "text/javascript; charset=utf-8");

    public static IResult Style(HttpContext context) => Serve(context, StyleBytes.Value, "text/css; charset=utf-8");

    private static IResult Serve(HttpContext context, byte[] bytes, string contentType)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return TypedResults.Bytes(bytes, contentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(SimulatorPage).Assembly.GetManifestResourceStream("Simulator/" + name)
            ?? throw new InvalidOperationException($"Embedded resource Simulator/{name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
