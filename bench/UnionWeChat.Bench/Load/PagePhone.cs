using System.Net;
using System.Text.RegularExpressions;

namespace UnionWeChat.Bench.Load;

/// <summary>
/// One member's phone on a page opened from WeChat: its own cookies and its own address (X-Forwarded-For, which the
/// app takes from a loopback proxy), over one shared connection pool, redirects not followed so each step is seen.
/// </summary>
public sealed partial class PagePhone(HttpClient http, string address, Action onRequest)
{
    private readonly CookieContainer _cookies = new();

    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);

    public Task<HttpResponseMessage> PostFormAsync(Uri url, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, ct);

    /// <summary>
    /// Opens the link as WeChat's browser does: no session yet, so the app sends the phone to WeChat's authorize page
    /// (here the fake WeChat, told who the phone's user is, which sends it back with a code); then the page itself.
    /// Returns the page's anti-forgery token.
    /// </summary>
    public async Task<string> SignInAndOpenAsync(Uri page, string openId, CancellationToken ct)
    {
        using var opened = await GetAsync(page, ct);
        var authorize = (await ExpectAsync(opened, HttpStatusCode.Redirect, "open the link", ct)).Headers.Location!;
        using var wechat = await GetAsync(new Uri(authorize.GetLeftPart(UriPartial.Query) + "&openid=" + openId), ct);
        var callback = (await ExpectAsync(wechat, HttpStatusCode.Redirect, "authorize", ct)).Headers.Location!;
        using var signedIn = await GetAsync(callback, ct);
        await ExpectAsync(signedIn, HttpStatusCode.Redirect, "oauth callback", ct);
        using var form = await GetAsync(page, ct);
        var html = await (await ExpectAsync(form, HttpStatusCode.OK, "the page", ct)).Content.ReadAsStringAsync(ct);
        return TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidDataException("no anti-forgery field");
    }

    public static async Task<HttpResponseMessage> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string step, CancellationToken ct) =>
        response.StatusCode == status
            ? response
            : throw new InvalidDataException($"{step} answered {(int)response.StatusCode}, expected {(int)status}: {Shorten(await response.Content.ReadAsStringAsync(ct))}");

    /// <summary>A phone's request that failed or timed out (not the run being stopped) counts as an error of that member.</summary>
    public static bool IsRequestFailure(Exception ex, CancellationToken ct) =>
        ex is InvalidDataException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested;

    /// <summary>A client for many phones: no redirects followed, cookies kept per phone, no connection limit.</summary>
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = int.MaxValue,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string AddressOf(int i) => $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}";

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            onRequest();
            var uri = request.RequestUri!;
            if (_cookies.GetCookieHeader(uri) is { Length: > 0 } cookie)
            {
                request.Headers.Add("Cookie", cookie);
            }
            request.Headers.Add("X-Forwarded-For", address);
            var response = await http.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var c in set)
                {
                    _cookies.SetCookies(uri, c);
                }
            }
            // Kept whole so a caller reads the body after the request is gone.
            await response.Content.LoadIntoBufferAsync(ct);
            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
