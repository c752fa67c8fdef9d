using System.Net;
using Azure.Data.Tables;
using UnionWeChat.Bench.Baselines;
using UnionWeChat.Bench.Load;
using UnionWeChat.Bench.Profiling;
using UnionWeChat.Functions.Platform.Storage.Tables;
using UnionWeChat.Testing;
using UnionWeChat.WeChat.Api;
using UnionWeChat.WeChat.Receiving;
using UnionWeChat.WeChat.Simulator;

namespace UnionWeChat.Bench.Rig;

/// <summary>
/// What every scenario stands on: a fresh in-memory Azurite, the fake WeChat API (where late replies go), the bare
/// baseline endpoint, and one HTTP client playing WeChat's servers. Also measures the two baselines.
/// </summary>
public sealed class BenchRig : IAsyncDisposable
{
    public const string AccountId = "gh_benchaccount01";

    private long _msgId = 6_000_000_000_000_000_000;

    private BenchRig(AzuriteProcess azurite, FakeWeChatServer wechat, BareWebEndpoint bare)
    {
        Azurite = azurite;
        WeChat = wechat;
        Bare = bare;
        // One connection per sender, kept open, as WeChat's servers keep theirs.
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        Storage = new TableServiceClient(azurite.ConnectionString);
    }

    public AzuriteProcess Azurite { get; }

    public FakeWeChatServer WeChat { get; }

    public BareWebEndpoint Bare { get; }

    public HttpClient Http { get; }

    public TableServiceClient Storage { get; }

    public static async Task<BenchRig> StartAsync()
    {
        var azurite = await AzuriteProcess.StartNewAsync();
        var wechat = await FakeWeChatServer.StartAsync();
        var bare = await BareWebEndpoint.StartAsync(BenchApp.Token);
        return new BenchRig(azurite, wechat, bare);
    }

    /// <summary>Starts the app on this rig's Azurite and fake WeChat API; dispose it when the scenario ends.</summary>
    public BenchApp StartApp(bool safeMode, Action<BenchApp>? configure = null)
    {
        var app = new BenchApp(Azurite.ConnectionString, WeChat.BaseUrl, safeMode);
        configure?.Invoke(app);
        app.Start();
        return app;
    }

    public MessagePusher Pusher(Uri pushUrl, PushMode mode) =>
        new(Http, pushUrl, BenchApp.Token, BenchApp.AppId, mode == PushMode.Plaintext ? null : BenchApp.EncodingAESKey);

    public long NextMsgId() => Interlocked.Increment(ref _msgId);

    public static long Now => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Makes <paramref name="openId"/> a follower who has just written, so the fake WeChat API accepts the custom
    /// message a reply becomes when the app outruns its reply budget.
    /// </summary>
    public void Follow(string openId)
    {
        WeChat.State.AddFollower(openId);
        WeChat.State.RecordInteraction(openId, InteractionKind.UserMessage, TimeProvider.System.GetUtcNow());
    }

    /// <summary>Baseline (a): the bare endpoint, pushed exactly like the app (same mode, same client).</summary>
    public async Task<Baseline> MeasureWebAsync(PushMode mode, int concurrency, BenchOptions options, CancellationToken ct)
    {
        var pusher = Pusher(Bare.PushUrl, mode);
        var sample = await LoadRunner.RunAsync(concurrency, Shorter(options.Warmup), options.BaselineDuration, async (worker, n, token) =>
        {
            var xml = PushXml.Text($"oBareWeb{worker:D4}x{n % 100:D4}", AccountId, "工资", NextMsgId(), Now);
            var response = await pusher.PushAsync(xml, mode, token);
            return response.StatusCode == HttpStatusCode.OK && response.IsSuccessOnly;
        }, ct);
        return new Baseline("bare web", concurrency, sample.PerSecond, sample.P50Ms, sample.P99Ms, sample.Errors, 0);
    }

    /// <summary>
    /// Baseline (b): Azurite's raw insert rate — small entities like a ledger claim, spread over 256 partitions,
    /// through the same table client library as the app.
    /// </summary>
    public async Task<Baseline> MeasureStorageAsync(int concurrency, BenchOptions options, CancellationToken ct)
    {
        var table = Storage.GetTableClient("baseline" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync(ct);
        var sample = await LoadRunner.RunAsync(concurrency, Shorter(options.Warmup), options.BaselineDuration, async (worker, n, token) =>
        {
            var id = Guid.NewGuid().ToString("N");
            var entity = new TableEntity(id[..2], id)
            {
                ["State"] = "handling",
                ["ClaimedAt"] = TimeProvider.System.GetUtcNow(),
            };
            var added = await table.AddAsync(entity, token);
            return added.Added;
        }, ct);
        return new Baseline("azurite insert", concurrency, sample.PerSecond, sample.P50Ms, sample.P99Ms, sample.Errors, 0);
    }

    /// <summary>
    /// Runs <paramref name="level"/> between two measurements of both baselines at the same concurrency, so the
    /// ratios compare numbers taken within seconds of each other on the same machine.
    /// </summary>
    public async Task<(T Result, Baseline Web, Baseline Storage, CpuUse Cpu)> BracketAsync<T>(
        PushMode mode, int concurrency, BenchOptions options, Func<Task<T>> level, CancellationToken ct)
    {
        var webBefore = await MeasureWebAsync(mode, concurrency, options, ct);
        var storageBefore = await MeasureStorageAsync(concurrency, options, ct);
        var cpu = CpuMeter.Start();
        var result = await level();
        var used = cpu.Stop();
        var webAfter = await MeasureWebAsync(mode, concurrency, options, ct);
        var storageAfter = await MeasureStorageAsync(concurrency, options, ct);
        return (result, Baseline.Bracket(webBefore, webAfter), Baseline.Bracket(storageBefore, storageAfter), used);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bare.DisposeAsync();
        await WeChat.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    // The process is warm by then: a baseline only needs its connections open.
    private static TimeSpan Shorter(TimeSpan warmup) => warmup < TimeSpan.FromSeconds(0.5) ? warmup : TimeSpan.FromSeconds(0.5);
}
