using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UnionWeChat.Functions.Platform.Functions;
using UnionWeChat.Functions.Platform.Hosting;

namespace UnionWeChat.Functions.Tests.Functions;

public sealed class HostDetectionTests
{
    // What the Functions host passes a .NET isolated worker it starts (RpcWorkerProcess: the older names, then the
    // "functions-" ones the worker reads), after the assembly path.
    private static readonly string[] HostArguments =
    [
        "--host", "127.0.0.1", "--port", "36427",
        "--workerId", "8fc4814b-8ba4-4556-97a7-c0c2a9fd85e9", "--requestId", "d6799e55-df44-4eb0-a3b3-ad2b771d7ab1",
        "--grpcMaxMessageLength", "2147483647",
        "--functions-uri", "http://127.0.0.1:36427/",
        "--functions-worker-id", "8fc4814b-8ba4-4556-97a7-c0c2a9fd85e9",
        "--functions-request-id", "d6799e55-df44-4eb0-a3b3-ad2b771d7ab1",
        "--functions-grpc-max-message-length", "2147483647",
    ];

    [Fact]
    public void The_command_line_the_functions_host_starts_a_worker_with_is_recognised()
    {
        Assert.True(FunctionsHostArgs.StartedByHost(HostArguments));
        Assert.True(FunctionsHostArgs.StartedByHost(["--functions-uri=http://127.0.0.1:5000/"]));
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://localhost:7071")]
    [InlineData("--environment=Testing", "--contentRoot=/tmp/app", "--applicationName=UnionWeChat.Functions")]
    [InlineData("--functions-uri")]
    [InlineData("--functions-uri", "not a uri")]
    [InlineData("--host", "127.0.0.1", "--port", "36427")]
    public void Other_command_lines_start_the_standalone_host(params string[] args)
    {
        Assert.False(FunctionsHostArgs.StartedByHost(args));
    }

    [Fact]
    public void Under_the_functions_host_the_app_is_an_isolated_worker_and_leaves_the_timers_to_the_host()
    {
        var builder = AppHost.CreateBuilder(HostArguments);
        builder.AddFunctionHost();

        Assert.True(builder.IsFunctionsWorker());
        Assert.DoesNotContain(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TimerScheduler));
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(TimerRunner));
    }

    [Fact]
    public void Standalone_the_app_is_a_web_application_with_the_in_process_scheduler()
    {
        var builder = AppHost.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.AddFunctionHost();

        Assert.IsType<WebApplicationBuilder>(builder);
        Assert.False(builder.IsFunctionsWorker());
        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TimerScheduler));
    }
}
