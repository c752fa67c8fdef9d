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
        using var phone = chat.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var start = await phone.GetAsync("/api/member/card");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var state = QueryHelpers.ParseQuery(start.Headers.Location!.Query)["state"].ToString();
        using var callback = await phone.GetAsync($"/api/member/card?code={chat.WeChat.State.IssueOAuthCode(openId)}&state={state}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/api/member/card", callback.Headers.Location!.OriginalString);
        using var card = await phone.GetAsync("/api/member/card");
        return (card.StatusCode, await card.Content.ReadAsStringAsync());
    }

    public static string CodeOn(string cardHtml) => CardCode().Match(cardHtml) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no code on the card");

    [GeneratedRegex(@"RH\d{8}-[0-9A-F]{8}")]
    public static partial Regex ApplicationId();

    [GeneratedRegex(@"class=""digits"">(\d{6})<")]
    private static partial Regex CardCode();
}
