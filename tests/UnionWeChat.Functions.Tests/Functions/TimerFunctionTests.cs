using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Functions;
using UnionWeChat.Testing;

namespace UnionWeChat.Functions.Tests.Functions;

/// <summary>Each timer function called directly, as the worker calls it when the host fires the timer.</summary>
public sealed class TimerFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_timer_function_runs_its_job_against_the_app_and_completes()
    {
        await using var app = new AppFactory(azurite.ConnectionString);
        using var _ = app.CreateClient();
        var methods = TimerFunctionMethods();
        Assert.Equal(TimerCatalog.Default.Jobs.Count, methods.Count);

        foreach (var method in methods)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var functions = ActivatorUtilities.CreateInstance<TimerFunctions>(scope.ServiceProvider);
            // An empty app has nothing due: every job finds no work and returns.
            await (Task)method.Invoke(functions, [new TimerInfo(), CancellationToken.None])!;
        }
    }

    [Fact]
    public async Task A_timer_function_runs_the_catalog_job_of_its_own_name()
    {
        var probe = new ProbeJob();
        await using var app = WithProbe(probe, TimerCatalog.Polls);
        using var _ = app.CreateClient();

        await Functions(app).PollsAsync(new TimerInfo(), CancellationToken.None);
        await Functions(app).NoticesAsync(new TimerInfo(), CancellationToken.None);

        Assert.Equal(1, probe.Runs);
    }

    [Fact]
    public async Task A_failing_job_fails_the_invocation_with_its_own_exception_so_the_host_records_it()
    {
        var probe = new ProbeJob { FailWith = new InvalidOperationException("storage is down") };
        await using var app = WithProbe(probe, TimerCatalog.Evidence);
        using var _ = app.CreateClient();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Functions(app).EvidenceAsync(new TimerInfo(), CancellationToken.None));

        Assert.Equal("storage is down", failure.Message);
    }

    private AppFactory WithProbe(ProbeJob probe, string name) =>
        new AppFactory(azurite.ConnectionString).WithServices(services =>
        {
            services.AddSingleton(probe.In(name));
            services.AddSingleton(probe);
        });

    private static TimerFunctions Functions(AppFactory app) => ActivatorUtilities.CreateInstance<TimerFunctions>(app.Services);

    private static List<MethodInfo> TimerFunctionMethods() =>
        typeof(TimerFunctions).GetMethods().Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null).ToList();
}
