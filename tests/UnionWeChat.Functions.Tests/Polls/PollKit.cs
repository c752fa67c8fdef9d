using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Polls;

namespace UnionWeChat.Functions.Tests.Polls;

/// <summary>Staff keys, poll bodies and shortcuts the poll tests share.</summary>
internal static class PollKit
{
    public const string Alice = "alice-admin-secret-000001";
    public const string Bob = "bob-admin-secret-0000002";
    public const string Carol = "carol-triage-secret-0003";
    public const string Vic = "vic-viewer-secret-000004";

    public static AppFactory WithStaff(this AppFactory app) => app
        .With("Staff:Keys:alice", "admin:" + Alice)
        .With("Staff:Keys:bob", "admin:" + Bob)
        .With("Staff:Keys:carol", "triage:" + Carol)
        .With("Staff:Keys:vic", "viewer:" + Vic);

    public static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    /// <summary>A valid poll body, open now for an hour, audience everyone, no announcement; change what a test needs.</summary>
    public static Dictionary<string, object?> Body(DateTimeOffset? now = null) => new()
    {
        ["title"] = "2026年度和谐企业评选",
        ["description"] = "请选出您心目中的和谐企业。",
        ["options"] = new[] { "甲机械厂", "乙纺织公司", "丙物流园" },
        ["maxChoices"] = 1,
        ["audience"] = "all",
        ["opensAt"] = (now ?? Now).AddMinutes(-1),
        ["closesAt"] = (now ?? Now).AddHours(1),
        ["channel"] = "none",
        ["announceResults"] = false,
        ["visibility"] = "live",
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string key, object? value)
    {
        body[key] = value;
        return body;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, string? secret, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (secret is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Creates a poll as carol (triage) and, when its audience is everyone, has bob approve it. Returns its id.</summary>
    public static async Task<string> CreateApprovedAsync(this HttpClient http, Dictionary<string, object?> body)
    {
        var created = await (await http.SendAsync(HttpMethod.Post, "/api/staff/polls", Carol, body)).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        if (created.GetProperty("status").GetString() == "awaiting-approval")
        {
            await (await http.SendAsync(HttpMethod.Post, $"/api/staff/polls/{id}/approve", Bob)).JsonAsync(HttpStatusCode.OK);
        }
        return id;
    }

    public static async Task<Poll> PollAsync(this AppFactory app, string id) =>
        await app.Services.GetRequiredService<PollStore>().GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException("no poll " + id);

    public static async Task<PollTally> TallyAsync(this AppFactory app, string id) =>
        await app.Services.GetRequiredService<TallyReader>().ReadAsync(await app.PollAsync(id), CancellationToken.None);

    public static async Task<RecountResult> RecountAsync(this AppFactory app, string id) =>
        await app.Services.GetRequiredService<Recounter>().RecountAsync(await app.PollAsync(id), CancellationToken.None);

    public static Task SaveMemberAsync(this AppFactory app, Member member) =>
        app.Services.GetRequiredService<MemberStore>().SaveAsync(member, CancellationToken.None);

    public static string Member(string tag, int n) => $"o{tag}{n:D8}".PadRight(28, 'x');
}
