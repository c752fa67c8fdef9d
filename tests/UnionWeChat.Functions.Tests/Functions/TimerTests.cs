using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Functions;

public sealed class TimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_functions_host_fires_a_timer_with_its_invocation_payload_and_gets_the_documented_answer()
    {
        var probe = new ProbeJob();
        await using var app = WithProbe(new AppFactory(azurite.ConnectionString), probe, "0 0 3 * * *")
            .With("FUNCTIONS_CUSTOMHANDLER_PORT", "7999");
        using var client = app.CreateClient();

        // The payload the host posts for a timer trigger (custom handlers doc, "Request payload").
        var payload = new
        {
            Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } },
            Metadata = new { sys = new { MethodName = "probe", UtcNow = "2026-11-21T01:00:00Z", RandGuid = Guid.NewGuid() } },
        };
        using var response = await client.PostAsJsonAsync("/probe", payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        Assert.Equal(1, probe.Runs);
    }

    [Fact]
    public async Task Standalone_the_in_process_scheduler_fires_the_same_catalog_timer()
    {
        var probe = new ProbeJob();
        await using var app = WithProbe(new AppFactory(azurite.ConnectionString), probe, "* * * * * *")
            .With("Timers:Standalone", "true");
        using var client = app.CreateClient();

        var fired = await Task.WhenAny(probe.FirstRun, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(probe.FirstRun, fired);
    }

    [Fact]
    public async Task Standalone_the_timer_routes_are_not_exposed()
    {
        var probe = new ProbeJob();
        await using var app = WithProbe(new AppFactory(azurite.ConnectionString), probe, "0 0 3 * * *");
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/probe", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, probe.Runs);
    }

    private static AppFactory WithProbe(AppFactory factory, ProbeJob probe, string schedule) =>
        factory.WithServices(services =>
        {
            var catalog = new FunctionCatalog(FunctionCatalog.Default.Functions
                .Where(f => f is not TimerFunction)
                .Append(new TimerFunction("probe", schedule, typeof(ProbeJob))));
            services.AddSingleton(catalog);
            services.AddSingleton(probe);
        });

    public sealed class ProbeJob : ITimerJob
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task FirstRun => _first.Task;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            _first.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
