using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using UnionWeChat.Functions.Cases;
using UnionWeChat.Functions.Notices;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Polls;
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
        Assert.Equal(
            app.Services.GetRequiredService<TimerCatalog>().Jobs.Select(j => j.Name).Order(),
            methods.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order());

        foreach (var method in methods)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var functions = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
            // An empty app has nothing due: every job finds no work and returns.
            await (Task)method.Invoke(functions, [new TimerInfo(), CancellationToken.None])!;
        }
    }

    [Fact]
    public async Task A_timer_function_runs_the_catalog_job_of_its_own_name()
    {
        var probe = new ProbeJob();
        await using var app = WithProbe(probe, PollTimer.Name);
        using var _ = app.CreateClient();

        await Function<PollTimer>(app).RunAsync(new TimerInfo(), CancellationToken.None);
        await Function<NoticeTimer>(app).RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Equal(1, probe.Runs);
    }

    [Fact]
    public async Task A_failing_job_fails_the_invocation_with_its_own_exception_so_the_host_records_it()
    {
        var probe = new ProbeJob { FailWith = new InvalidOperationException("storage is down") };
        await using var app = WithProbe(probe, EvidenceTimers.Keep);
        using var _ = app.CreateClient();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Function<EvidenceTimers>(app).KeepAsync(new TimerInfo(), CancellationToken.None));

        Assert.Equal("storage is down", failure.Message);
    }

    private AppFactory WithProbe(ProbeJob probe, string name) =>
        new AppFactory(azurite.ConnectionString).WithServices(services => probe.Replace(services, name));

    private static T Function<T>(AppFactory app) => ActivatorUtilities.CreateInstance<T>(app.Services);

    // The functions the worker would find: [Function] methods whose trigger is a timer, anywhere in the app.
    private static List<MethodInfo> TimerFunctionMethods() =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                && m.GetParameters().Any(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null))
            .ToList();
}
