using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>
/// One member's phone, without a browser: follows the OAuth round trip by hand (the fake WeChat server issues the
/// code, as WeChat's authorize page would), keeps cookies, and submits the vote form with its anti-forgery token.
/// </summary>
internal sealed partial class VoteBrowserlessClient : IDisposable
{
    private readonly ChatHarness _chat;

    public VoteBrowserlessClient(ChatHarness chat, string? forwardedFor = null)
    {
        _chat = chat;
        Http = chat.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (forwardedFor is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }
    }

    public HttpClient Http { get; }

    /// <summary>Opens the page with no session and returns WeChat's authorize URL the app sent us to.</summary>
    public async Task<Uri> OpenWithoutSessionAsync(string pollId)
    {
        using var response = await Http.GetAsync($"/api/vote/{pollId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>The whole sign-in: page → WeChat authorize → back with a code → page; returns the page HTML (any status).</summary>
    public async Task<string> SignInAsync(string pollId, string openId)
    {
        var authorize = await OpenWithoutSessionAsync(pollId);
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();
        var code = _chat.WeChat.State.IssueOAuthCode(openId);
        using var callback = await Http.GetAsync($"/api/vote/{pollId}?code={code}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal($"/api/vote/{pollId}", callback.Headers.Location!.OriginalString);
        var (status, html) = await GetAsync(pollId);
        Assert.NotEqual(HttpStatusCode.Redirect, status);
        return html;
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string pollId, string query = "")
    {
        using var response = await Http.GetAsync($"/api/vote/{pollId}{query}");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts the form with the token from <paramref name="pageHtml"/> (or none), the choices and any extra fields.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pollId, string? pageHtml, IEnumerable<string> choices, params (string Name, string Value)[] extra)
    {
        var fields = choices.Select(c => new KeyValuePair<string, string>("choice", c)).ToList();
        if (pageHtml is not null)
        {
            fields.Add(new("__RequestVerificationToken", TokenIn(pageHtml)));
        }
        fields.AddRange(extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)));
        return await Http.PostAsync($"/api/vote/{pollId}", new FormUrlEncodedContent(fields));
    }

    public static string TokenIn(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "the page has no anti-forgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
