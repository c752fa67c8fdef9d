using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Menu;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Staff;

/// <summary>
/// The app with the fake WeChat server and three staff keys (admin, triage, viewer), for staff tests:
/// <c>await using var desk = await StaffDesk.StartAsync(azurite);</c>, then <c>desk.As(StaffDesk.Triage)</c>.
/// </summary>
public sealed class StaffDesk : IAsyncDisposable
{
    public const string Admin = "admin-key-secret-000001";
    public const string Triage = "triage-key-secret-00001";
    public const string Viewer = "viewer-key-secret-00001";
    public const string ReplyTemplateId = "tmpl-reply-0001";
    public const string NotifyTemplateId = "tmpl-notify-0001";

    private readonly List<HttpClient> _clients = [];

    private StaffDesk(ChatHarness chat) => Chat = chat;

    public ChatHarness Chat { get; }

    public AppFactory App => Chat.App;

    public static async Task<StaffDesk> StartAsync(AzuriteFixture azurite, Action<AppFactory>? configure = null)
    {
        var chat = await ChatHarness.StartAsync(azurite, configure: app =>
        {
            WithStaff(app);
            configure?.Invoke(app);
        });
        return new StaffDesk(chat);
    }

    /// <summary>The keys (alice admin, tom triage, vera viewer) and a reply template, on any app.</summary>
    public static AppFactory WithStaff(AppFactory app) => app
        .With("Staff:Keys:alice", "admin:" + Admin)
        .With("Staff:Keys:tom", "triage:" + Triage)
        .With("Staff:Keys:vera", "viewer:" + Viewer)
        .With("Staff:ReplyTemplate:TemplateId", ReplyTemplateId)
        .With("Staff:ReplyTemplate:Fields:character_string1", "{number}")
        .With("Staff:ReplyTemplate:Fields:thing2", "{text}")
        .With("Staff:ReplyTemplate:Fields:time3", "{time}");

    /// <summary>An API client signed in with a key (null: no key at all).</summary>
    public HttpClient As(string? key)
    {
        var client = App.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        _clients.Add(client);
        return client;
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// A worker files a wage-arrears complaint as a worker does: the menu's 投诉, then every step of the dialog
    /// through <c>/api/wechat</c>, ending with 确认. Returns the case the receipt names.
    /// </summary>
    public async Task<Case> FileThroughChatAsync(string openId, string employer, string description)
    {
        await Chat.FollowAsync(openId);
        Assert.Contains("请选择问题类别", await Chat.ClickAsync(openId, MenuKeys.Complaint));
        Assert.Contains("用人单位", await Chat.SayUntilHeardAsync(openId, "1"));
        Assert.Contains("事情经过", await Chat.SayUntilHeardAsync(openId, employer));
        Assert.Contains("联系电话", await Chat.SayUntilHeardAsync(openId, description));
        Assert.Contains("匿名", await Chat.SayUntilHeardAsync(openId, "13800138000"));
        Assert.Contains("确认", await Chat.SayUntilHeardAsync(openId, "2"));
        var receipt = await Chat.SayUntilHeardAsync(openId, "确认");
        var number = Receipts.ComplaintNumber().Match(receipt).Value;
        Assert.True(number.Length > 0, $"no case number in the receipt: {receipt}");
        return (await Service<CaseStore>().GetAsync(number, CancellationToken.None))!;
    }

    /// <summary>
    /// A case for a worker who has written to the account (which opens the customer-service window), created in
    /// storage rather than through the dialog: quicker, for tests about what staff do with it.
    /// </summary>
    public async Task<Case> FileComplaintAsync(string openId, string description, bool anonymous = false, string category = "欠薪",
        string? phone = "13800138000", DateTimeOffset? createdAt = null)
    {
        await Chat.SayAsync(openId, "你好");
        return await CreateCaseAsync(openId, description, anonymous, category, phone, createdAt);
    }

    /// <summary>A case straight into storage (no chat): for tests about staff work only.</summary>
    public Task<Case> CreateCaseAsync(string openId, string description, bool anonymous = false, string category = "欠薪",
        string? phone = "13800138000", DateTimeOffset? createdAt = null, CaseKind kind = CaseKind.Complaint) =>
        CreateCaseAsync(App, openId, description, anonymous, category, phone, createdAt, kind);

    public static Task<Case> CreateCaseAsync(AppFactory app, string openId, string description, bool anonymous = false, string category = "欠薪",
        string? phone = "13800138000", DateTimeOffset? createdAt = null, CaseKind kind = CaseKind.Complaint)
    {
        var at = createdAt ?? TimeProvider.System.GetUtcNow();
        return app.Services.GetRequiredService<CaseStore>().CreateAsync(kind, number => new Case
        {
            Number = number,
            Kind = kind,
            Category = category,
            CreatedAt = at,
            UpdatedAt = at,
            WorkerRef = WorkerRef.Of(openId),
            OpenId = openId,
            Anonymous = anonymous,
            Employer = "某某建筑公司",
            Description = description,
            Phone = phone,
        }, openId, CancellationToken.None);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Chat.DisposeAsync();
    }
}
