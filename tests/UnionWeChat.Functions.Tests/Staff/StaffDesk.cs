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

    /// <summary>
    /// A case whose evidence was kept as the evidence keeper keeps what a worker sent: an item per file on the case
    /// (<c>image:</c> or <c>voice:</c> as intake records it), each file saved through <see cref="EvidenceStore"/>.
    /// </summary>
    public static async Task<Case> CaseWithEvidenceAsync(AppFactory app, string openId, string description, params (string ContentType, byte[] Bytes)[] files)
    {
        var at = TimeProvider.System.GetUtcNow();
        var items = files.Select((f, i) => (f.ContentType.StartsWith("audio/", StringComparison.Ordinal) ? "voice:" : "image:") + $"media_{i}").ToList();
        var c = await app.Services.GetRequiredService<CaseStore>().CreateAsync(CaseKind.Complaint, number => new Case
        {
            Number = number,
            Kind = CaseKind.Complaint,
            Category = "欠薪",
            CreatedAt = at,
            UpdatedAt = at,
            WorkerRef = WorkerRef.Of(openId),
            OpenId = openId,
            Employer = "某某建筑公司",
            Description = description,
            Phone = "13800138000",
            Evidence = items,
        }, openId, CancellationToken.None);
        var evidence = app.Services.GetRequiredService<EvidenceStore>();
        for (var i = 0; i < files.Length; i++)
        {
            await evidence.SaveAsync(c.Number, i, files[i].ContentType, files[i].Bytes, CancellationToken.None);
        }
        return (await app.Services.GetRequiredService<CaseStore>().GetAsync(c.Number, CancellationToken.None))!;
    }

    /// <summary>A real PNG photo stand-in (a colour gradient), so a browser decodes and draws it at a size one can see.</summary>
    public static byte[] Photo(int width = 480, int height = 320)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                raw.Write([(byte)(x * 255 / width), (byte)(y * 255 / height), 160]);
            }
        }
        var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            raw.WriteTo(z);
        }
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        Chunk("IHDR", header);
        Chunk("IDAT", compressed.ToArray());
        Chunk("IEND", []);
        return png.ToArray();

        void Chunk(string type, byte[] data)
        {
            var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            png.Write(length);
            png.Write(typed);
            var crc = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.Write(crc);
        }
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
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
