using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Tests.Polls;

namespace UnionWeChat.Functions.Tests.Membership;

/// <summary>Shortcuts the membership tests share: a worker's whole application in the chat, and staff decisions.</summary>
internal static partial class JoinKit
{
    public const string Api = "/api/staff/membership";

    public static string Worker(string tag, int n) => PollKit.Member("J" + tag, n);

    /// <summary>Follows (unless already following) and answers every question of 入会; returns the application id from the receipt.</summary>
    public static async Task<string> ApplyAsync(this ChatHarness chat, string worker, string name = "张小红", string employer = "东方机械厂", bool follow = true)
    {
        if (follow)
        {
            await chat.FollowAsync(worker);
        }
        var replies = new List<string>();
        foreach (var text in new[] { "入会", name, "138 1234 5678", employer, "车间操作工", "1", "同意", "确认" })
        {
            replies.Add(await chat.SayAsync(worker, text));
        }
        var receipt = replies[^1];
        Assert.Contains("入会申请已提交", receipt, StringComparison.Ordinal);
        return ApplicationId().Match(receipt).Value;
    }

    public static async Task<JsonElement> DecideAsync(this HttpClient http, string id, string action, object body, string secret, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await http.SendAsync(HttpMethod.Post, $"{Api}/applications/{id}/{action}", secret, body)).JsonAsync(expected);

    public static async Task<JsonElement> ApplicationAsync(this HttpClient http, string id, string secret = PollKit.Alice) =>
        await (await http.SendAsync(HttpMethod.Get, $"{Api}/applications/{id}", secret)).JsonAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> ListAsync(this HttpClient http, string status, string secret = PollKit.Carol) =>
        await (await http.SendAsync(HttpMethod.Get, $"{Api}/applications?status={status}", secret)).JsonAsync(HttpStatusCode.OK);

    public static async Task<Member?> MemberAsync(this AppFactory app, string openId) =>
        await app.Services.GetRequiredService<MemberStore>().GetAsync(openId, CancellationToken.None);

    /// <summary>Opens the member card page as <paramref name="openId"/> through the OAuth round trip; returns status and HTML.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> OpenCardAsync(this ChatHarness chat, string openId)
    {
        var (phone, status, html) = await chat.OpenMemberPageAsync(openId, "/api/member/card");
        phone.Dispose();
        return (status, html);
    }

    /// <summary>
    /// A member's phone on one of their pages: the OAuth round trip by hand (the fake WeChat server issues the code),
    /// cookies kept. Returns the client (signed in, for further requests), and the page's status and HTML.
    /// </summary>
    public static async Task<(HttpClient Phone, HttpStatusCode Status, string Html)> OpenMemberPageAsync(this ChatHarness chat, string openId, string path)
    {
        var phone = chat.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var start = await phone.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var state = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();
        using var callback = await phone.GetAsync($"{path}?code={chat.WeChat.State.IssueOAuthCode(openId)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(path, callback.Headers.Location!.OriginalString);
        using var page = await phone.GetAsync(path);
        return (phone, page.StatusCode, await page.Content.ReadAsStringAsync());
    }

    /// <summary>The hidden fields of the page's forms (anti-forgery token, filing key), as a browser would send them back.</summary>
    public static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Hidden().Matches(html))
        {
            fields[m.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(m.Groups[2].Value);
        }
        return fields;
    }

    [GeneratedRegex(@"<input type=""hidden"" name=""([^""]+)"" value=""([^""]*)"">")]
    private static partial Regex Hidden();

    public static string CodeOn(string cardHtml) => CardCode().Match(cardHtml) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no code on the card");

    [GeneratedRegex(@"RH\d{8}-[0-9A-F]{8}")]
    public static partial Regex ApplicationId();

    [GeneratedRegex(@"class=""digits"">(\d{6})<")]
    private static partial Regex CardCode();
}
