using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace UnionWeChat.Functions.Tests.Staff;

/// <summary>A browser-like HTTP client for the console: keeps cookies, does not follow redirects, reads form tokens.</summary>
public sealed partial class ConsoleSession : IDisposable
{
    public ConsoleSession(AppFactory app) =>
        Http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient Http { get; }

    /// <summary>A session signed in with <paramref name="key"/>.</summary>
    public static async Task<ConsoleSession> SignedInAsync(AppFactory app, string key)
    {
        var session = new ConsoleSession(app);
        using var _ = await session.SignInAsync(key);
        return session;
    }

    /// <summary>Signs in through the form; returns the response to the POST.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key, string? returnUrl = null)
    {
        var token = await TokenFromAsync("/api/console/signin");
        var fields = new Dictionary<string, string> { ["_form"] = token, ["key"] = key };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await Http.PostAsync("/api/console/signin", new FormUrlEncodedContent(fields));
    }

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public async Task<string> TokenFromAsync(string path)
    {
        using var page = await Http.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)page.StatusCode}: {html}");
        return FormToken().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no form token on {path}");
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields));

    public async Task<string> PageAsync(string path)
    {
        using var page = await Http.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)page.StatusCode}: {html}");
        return html;
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"_form\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
