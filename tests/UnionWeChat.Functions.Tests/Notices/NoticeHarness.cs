using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Members;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Functions.Tests.Notices;

/// <summary>
/// The app on a real Azurite with the fake WeChat server, staff keys for two admins, a triage worker and a viewer,
/// and a fast send rate. With a <see cref="ManualTimeProvider"/> both the app and the fake server keep its time.
/// </summary>
public sealed class NoticeHarness : IAsyncDisposable
{
    public const string TemplatePath = "/cgi-bin/message/template/send";
    public const string MassPath = "/cgi-bin/message/mass/send";
    public const string CustomPath = "/cgi-bin/message/custom/send";

    private static readonly Dictionary<string, string> StaffKeys = new()
    {
        ["alice"] = "admin:alice-secret-0123456789",
        ["bob"] = "admin:bob-secret-0123456789",
        ["tina"] = "triage:tina-secret-0123456789",
        ["vic"] = "viewer:vic-secret-0123456789",
    };

    private readonly AzuriteFixture _azurite;
    private readonly Action<AppFactory>? _configure;
    private readonly List<AppFactory> _apps = [];
    private readonly List<HttpClient> _clients = [];
    private long _createTime = ChatHarness.Now;

    private NoticeHarness(AzuriteFixture azurite, FakeWeChatServer wechat, ManualTimeProvider? clock, Action<AppFactory>? configure)
    {
        _azurite = azurite;
        WeChat = wechat;
        Clock = clock;
        _configure = configure;
        App = NewApp(prefix: null);
    }

    public AppFactory App { get; }

    public FakeWeChatServer WeChat { get; }

    public ManualTimeProvider? Clock { get; }

    public static async Task<NoticeHarness> StartAsync(
        AzuriteFixture azurite, ManualTimeProvider? clock = null, Action<AppFactory>? configure = null, Action<WeChatApiStandInOptions>? wechatOptions = null)
    {
        var wechat = await FakeWeChatServer.StartAsync(clock, wechatOptions);
        return new NoticeHarness(azurite, wechat, clock, configure);
    }

    /// <summary>Another instance of the app on the same tables and the same WeChat: a second Functions instance.</summary>
    public AppFactory SecondInstance() => NewApp(App.TablePrefix);

    public T Service<T>(AppFactory? app = null) where T : notnull => (app ?? App).Services.GetRequiredService<T>();

    public HttpClient Staff(string name, AppFactory? app = null)
    {
        var client = (app ?? App).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffKeys[name][(StaffKeys[name].IndexOf(':') + 1)..]);
        _clients.Add(client);
        return client;
    }

    /// <summary>Members who follow the account, known to the app and to the fake WeChat server.</summary>
    public async Task<IReadOnlyList<string>> FollowersAsync(int count, string prefix = "oNotice", bool optedOut = false, params string[] tags)
    {
        var members = Service<MemberStore>();
        var ids = Enumerable.Range(0, count).Select(i => $"{prefix}{i:D6}{new string('x', Math.Max(0, 21 - prefix.Length))}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
        {
            var member = await members.FollowAsync(id, null, ct);
            if (optedOut || tags.Length > 0)
            {
                await members.SaveAsync(member with { OptedOut = optedOut, Tags = tags }, ct);
            }
            WeChat.State.AddFollower(id, tags: tags);
        });
        return ids;
    }

    /// <summary>Creates a notice through the staff API and returns its id.</summary>
    public async Task<string> CreateAsync(object request, string staff = "tina")
    {
        using var response = await Staff(staff).PostAsJsonAsync("/api/staff/notices", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public static object Template(IEnumerable<string> openIds, bool essential = false, DateTimeOffset? sendAt = null) => new
    {
        title = "夏送清凉",
        body = "7月15日起到工会服务站领取防暑用品",
        audience = new { kind = "openids", openIds },
        channel = "template",
        template = new { templateId = "TPL_notice_01", data = new Dictionary<string, string> { ["thing1"] = "{title}", ["thing2"] = "{body}" } },
        essential,
        sendAt,
    };

    /// <summary>The notice as the staff API shows it, with its progress.</summary>
    public async Task<JsonElement> GetAsync(string id, string staff = "vic")
    {
        using var response = await Staff(staff).GetAsync($"/api/staff/notices/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    /// <summary>A response body with JSON's \uXXXX escapes undone, to look for Chinese text in it.</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Unescape(await response.Content.ReadAsStringAsync());

    public static int Count(JsonElement notice, string state) => notice.GetProperty("progress").GetProperty(state).GetInt32();

    /// <summary>One run of the notices timer job on <paramref name="app"/>, called directly.</summary>
    public async Task<IReadOnlyList<DispatchReport>> SendAsync(AppFactory? app = null, CancellationToken ct = default)
    {
        await using var scope = (app ?? App).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeSender>().RunOnceAsync(ct);
    }

    public async Task<IReadOnlyList<OutboxRow>> RowsAsync(string noticeId, RecipientState state)
    {
        var notice = await Service<NoticeStore>().GetAsync(noticeId, CancellationToken.None);
        var rows = new List<OutboxRow>();
        for (var b = 0; b < notice!.Buckets; b++)
        {
            rows.AddRange(await Service<OutboxStore>().ListAsync(NoticeKeys.Partition(noticeId, b), state, null, null, CancellationToken.None));
        }
        return rows;
    }

    /// <summary>Pushes an event to the app's WeChat endpoint as WeChat would (safe mode, signed and encrypted).</summary>
    public async Task PushEventAsync(string from, string eventName, params (string Name, object Value)[] fields)
    {
        var xml = new System.Xml.Linq.XElement("xml",
            new System.Xml.Linq.XElement("ToUserName", ChatHarness.AccountId),
            new System.Xml.Linq.XElement("FromUserName", from),
            new System.Xml.Linq.XElement("CreateTime", Interlocked.Increment(ref _createTime)),
            new System.Xml.Linq.XElement("MsgType", "event"),
            new System.Xml.Linq.XElement("Event", eventName),
            fields.Select(f => new System.Xml.Linq.XElement(f.Name, f.Value)));
        var http = App.CreateClient();
        _clients.Add(http);
        var pusher = new UnionWeChat.WeChat.Simulator.MessagePusher(http, new Uri(http.BaseAddress!, "/api/wechat"), AppFactory.Token, AppFactory.AppId, AppFactory.EncodingAESKey);
        var response = await pusher.PushAsync(xml.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), UnionWeChat.WeChat.Receiving.PushMode.Safe, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Openids that received more than one message: what must never happen.</summary>
    public IReadOnlyList<string> Duplicates() =>
        WeChat.State.Sends.GroupBy(s => s.OpenId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
        await WeChat.DisposeAsync();
    }

    private AppFactory NewApp(string? prefix)
    {
        var app = new AppFactory(_azurite.ConnectionString, WeChat.BaseUrl.ToString())
            .With("Notices:RequestsPerSecond", "1000")
            .With("Notices:Buckets", "4")
            .With("Notices:SendConcurrency", "4");
        foreach (var (name, value) in StaffKeys)
        {
            app.With($"Staff:Keys:{name}", value);
        }
        if (prefix is not null)
        {
            app.With("Storage:TablePrefix", prefix);
        }
        if (Clock is not null)
        {
            app.WithServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
        _configure?.Invoke(app);
        _apps.Add(app);
        return app;
    }
}
